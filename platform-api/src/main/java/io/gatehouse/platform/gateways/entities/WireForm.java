package io.gatehouse.platform.gateways.entities;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.EntityTypes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entity as config sync sends it and hashes it, made once per stored version and kept with the row
 * ({@code gw_entity.wire_document}, {@code wire_digest}): the {@link ConfigHash#canonicalJson canonical JSON} of its
 * normal form ({@link EntityTypes#normalForm}) with its {@code id} and references as {@code {"id": …}}, and its
 * {@link ConfigHash} digest. A gateway receives exactly {@code document} as the entity's document, so it can digest
 * the bytes it received; the control plane's snapshot is the concatenation of stored documents.
 *
 * <p>A document this release's config language cannot read (only possible when the database was written by a
 * newer release, or by hand) travels as stored, in canonical form, and the gateway's strict check decides.
 *
 * @param digest   SHA-256 over {@code type \0 id \0 document}, the entity's {@link ConfigHash} digest
 * @param document the canonical JSON text of the entity's normal form
 */
public record WireForm(byte[] digest, String document) {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    });

    /**
     * The wire form of a stored entity.
     *
     * @param type       the entity type's wire name
     * @param id         the entity's id
     * @param stored     its stored document (without id and references); not modified
     * @param references the ids its reference columns hold, by document member ({@code service}, {@code route}, …)
     */
    public static WireForm of(String type, String id, ObjectNode stored, Map<String, String> references) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("id", id);
        document.setAll(stored);
        references.forEach((member, target) -> document.putObject(member).put("id", target));
        String canonical = ConfigHash.canonicalJson(normalForm(type, document));
        return new WireForm(digest(type, id, canonical), canonical);
    }

    /** The digest of an entity whose canonical document is already written, as {@link ConfigHash#digest} makes it. */
    public static byte[] digest(String type, String id, String canonicalDocument) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha.digest((type + '\0' + id + '\0' + canonicalDocument).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode normalForm(String type, ObjectNode document) {
        Optional<EntityTypes.Type<?>> known = EntityTypes.find(type);
        if (known.isEmpty()) {
            return document;
        }
        try {
            return EntityTypes.normalForm(known.get(), document);
        } catch (JacksonException | IllegalArgumentException ex) {
            return document;
        }
    }
}
