package io.gatehouse.gateway.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import tools.jackson.databind.JsonNode;

/**
 * The hash both sides compute over a config, so that a gateway and its control plane can tell in one
 * string whether they hold the same thing.
 *
 * <p>Each entity has a digest: SHA-256 over {@code type \0 id \0 canonical-json(document)}, where the
 * canonical JSON sorts object members by name and writes no whitespace. The config hash is
 * {@code "sha256:" + hex(SHA-256 over the entity digests in key order)}; the empty config hashes the
 * empty input. Per-entity digests let a gateway that applies a delta rehash only what changed.
 */
public final class ConfigHash {

    /** The prefix of every config hash (the algorithm). */
    public static final String PREFIX = "sha256:";

    private ConfigHash() {
    }

    /** The config hash of entities given with their digests, sorted by key. */
    public static String of(SortedMap<EntityKey, byte[]> digests) {
        MessageDigest sha = sha256();
        for (byte[] digest : digests.values()) {
            sha.update(digest);
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    /** The config hash of a list of entities in any order. */
    public static String of(List<SyncEntity> entities) {
        java.util.TreeMap<EntityKey, byte[]> digests = new java.util.TreeMap<>();
        for (SyncEntity entity : entities) {
            digests.put(entity.key(), digest(entity));
        }
        return of(digests);
    }

    /** The digest of one entity. */
    public static byte[] digest(SyncEntity entity) {
        StringBuilder text = new StringBuilder(256);
        text.append(entity.type()).append('\0').append(entity.id()).append('\0');
        canonical(entity.document(), text);
        MessageDigest sha = sha256();
        return sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a JSON value with object members sorted by name and no whitespace. */
    static void canonical(JsonNode node, StringBuilder out) {
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
                out.append(quoted(members.get(i).getKey())).append(':');
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
        else {
            out.append(node.toString());
        }
    }

    private static String quoted(String name) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.textNode(name).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
