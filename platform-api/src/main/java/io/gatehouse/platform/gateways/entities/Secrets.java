package io.gatehouse.platform.gateways.entities;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import tools.jackson.databind.node.ObjectNode;

/**
 * How secrets pass through the control plane. Clear key-auth keys and basic-auth passwords are input only:
 * they are replaced by their hashes ({@code key_hash}, {@code password_hash}) before storage, and gateways
 * receive only the hashes. JWT HMAC secrets and certificate private keys must reach gateways in clear, so
 * they are stored, but never shown again. A caller that leaves a write-only field out of a replace keeps
 * the stored value (that is how an exported file, which carries no secrets, re-imports without loss).
 */
final class Secrets {

    /** Per type: the clear input field and the stored field that replaces it. */
    private static final Map<EntityType, List<String>> WRITE_ONLY = Map.of(
            EntityType.KEY_AUTH, List.of("key", "key_hash"),
            EntityType.BASIC_AUTH, List.of("password", "password_hash"),
            EntityType.JWT, List.of("secret", "secret"),
            EntityType.CERTIFICATE, List.of("key", "key"));

    private Secrets() {
    }

    /** Copies the stored write-only field from {@code stored} when the new document has neither form of it. */
    static void keepWriteOnly(EntityType type, ObjectNode stored, ObjectNode document) {
        List<String> fields = WRITE_ONLY.get(type);
        if (fields == null) {
            return;
        }
        String clear = fields.get(0);
        String kept = fields.get(1);
        if (!document.hasNonNull(clear) && !document.hasNonNull(kept) && stored.hasNonNull(kept)) {
            document.set(kept, stored.get(kept));
        }
    }

    /** A new key-auth credential without a key gets a random one, returned so the caller sees it once. */
    static String generateKeyIfMissing(EntityType type, ObjectNode document, SecureRandom random) {
        if (type != EntityType.KEY_AUTH || document.hasNonNull("key") || document.hasNonNull("key_hash")) {
            return null;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        document.put("key", key);
        return key;
    }

    /** Replaces clear keys and passwords by their hashes; rejects hashes that are not in the gateway's format. */
    static void hash(EntityType type, ObjectNode document, SecretHashes hashes) {
        if (type == EntityType.KEY_AUTH) {
            if (document.hasNonNull("key")) {
                document.put("key_hash", SecretHashes.keyHash(document.remove("key").asString()));
            } else if (!SecretHashes.isKeyHash(document.path("key_hash").asString(null))) {
                throw InvalidInputException.field("key_hash", "must be a lowercase hex SHA-256 hash (64 characters)");
            }
        } else if (type == EntityType.BASIC_AUTH) {
            if (document.hasNonNull("password")) {
                document.put("password_hash", hashes.hashPassword(document.remove("password").asString()));
            } else if (!SecretHashes.isPasswordHash(document.path("password_hash").asString(null))) {
                throw InvalidInputException.field("password", "is required");
            }
        }
    }

    /** Removes every secret and hash from a document shown to a caller. */
    static ObjectNode hide(EntityType type, ObjectNode document) {
        List<String> fields = WRITE_ONLY.get(type);
        if (fields != null) {
            fields.forEach(document::remove);
        }
        return document;
    }

    /** Removes what must not leave the control plane in an export: secrets that are stored in clear. */
    static ObjectNode hideClear(EntityType type, ObjectNode document) {
        if (type == EntityType.JWT) {
            document.remove("secret");
        } else if (type == EntityType.CERTIFICATE) {
            document.remove("key");
        }
        return document;
    }
}
