package io.gatehouse.gateway.config;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The one config hash of Gatehouse: what a gateway's {@code /status} shows (DB-less or synced), what the
 * node registry records, and what the control plane expects ({@code expected-config-hash}). Every path that
 * holds a config computes it here, so equal configs have equal hashes whichever path produced them.
 *
 * <p>Each entity has a digest: SHA-256 over {@code type \0 id \0 canonical-json(document)}, where
 * {@code document} is the entity's normal form ({@link EntityTypes#normalForm}), and canonical JSON sorts
 * object members by name, writes no whitespace, and writes integral decimals as integers ({@code 1.0} as
 * {@code 1}). The config hash is {@code "sha256:" + hex(SHA-256 over the entity digests)} in (type, id)
 * order (an entity without an id, possible only in a DB-less file, sorts by its digest after those of its
 * type with ids, using the empty id). The empty config hashes the empty input. Per-entity digests let a
 * gateway that applies a delta rehash only what changed.
 */
public final class ConfigHash {

    /** The prefix of every config hash (the algorithm). */
    public static final String PREFIX = "sha256:";

    /** One digester per thread: hashing a large config would otherwise look one up for every entity. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ConfigHash::sha256);

    private ConfigHash() {
    }

    /** The hash of a config (each definition taken in its normal form). */
    public static String of(DeclarativeConfig config) {
        record Digest(String type, String id, byte[] digest) {
        }
        List<Digest> digests = new ArrayList<>();
        for (EntityTypes.Type<?> type : EntityTypes.ALL) {
            for (Object definition : type.list().apply(config)) {
                JsonNode document = EntityTypes.normalForm(definition);
                String id = document.path("id").isString() ? document.get("id").asString() : "";
                digests.add(new Digest(type.name(), id, digest(type.name(), id, document)));
            }
        }
        digests.sort(Comparator.comparing(Digest::type).thenComparing(Digest::id)
                .thenComparing(Digest::digest, Arrays::compareUnsigned));
        return combine(digests.stream().map(Digest::digest).toList());
    }

    /** The config hash of entity digests already in (type, id) order. */
    public static String combine(Iterable<byte[]> digestsInOrder) {
        MessageDigest sha = sha256();
        for (byte[] digest : digestsInOrder) {
            sha.update(digest);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    /** The digest of one entity, its document given in its normal form. */
    public static byte[] digest(String type, String id, JsonNode document) {
        StringBuilder text = new StringBuilder(256);
        text.append(type).append('\0').append(id).append('\0');
        canonical(document, text);
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest of one entity whose document is given as JSON text (UTF-8 bytes): {@code type \0 id \0} and the
     * bytes as they are. When they are the canonical JSON of the document's normal form (what config sync sends),
     * this equals {@link #digest(String, String, JsonNode)} without building or re-encoding a tree.
     */
    public static byte[] digest(String type, String id, byte[] json, int offset, int length) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(type.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(json, offset, length);
        return sha.digest();
    }

    /** The canonical JSON text of a value, as digested. */
    public static String canonicalJson(JsonNode node) {
        StringBuilder text = new StringBuilder(256);
        canonical(node, text);
        return text.toString();
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            out.append("null");
        }
        else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendString(members.get(i).getKey(), out);
                out.append(':');
                canonical(members.get(i).getValue(), out);
            }
            out.append('}');
        }
        else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        }
        else if (node.isNumber() && !node.isIntegralNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            out.append(value.scale() <= 0 ? value.toBigIntegerExact().toString() : value.toPlainString());
        }
        else if (node.isString()) {
            appendString(node.asString(), out);
        }
        else if (node.isInt() || node.isLong() || node.isShort()) {
            out.append(node.longValue());
        }
        else if (node.isBoolean()) {
            out.append(node.booleanValue());
        }
        else if (node.isNull()) {
            out.append("null");
        }
        else {
            out.append(node.toString());
        }
    }

    /**
     * A JSON string as Jackson writes it. Jackson escapes only quotes, backslashes and control characters, so a
     * string without them is written as it is, without a generator per string (the digest of 100,000 entities
     * spent most of its time creating generators); any other string is left to Jackson.
     */
    public static void appendString(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(JsonNodeFactory.instance.textNode(value).toString());
                return;
            }
        }
        out.append('"').append(value).append('"');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }
}
