package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.secrets.SecretHashes;

/**
 * An API key of a consumer. {@code key} is the clear key and only ever input (a user's kong.yaml, or
 * the create request that shows the key once); normalising replaces it by {@code key_hash}
 * ({@link SecretHashes#keyHash(String)}), which is all gateways receive and store. The gateway hashes
 * the presented key and looks the credential up by that hash. {@code expires_at} (Unix seconds, optional)
 * ends the key: from that second on the gateway treats it as unknown (401), without waiting for a config
 * change; the developer portal uses it for key expiry and for the overlap period of a rotation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyAuthCredential(
        String id,
        String key,
        @JsonProperty("key_hash") String keyHash,
        List<String> tags,
        EntityRef consumer,
        @JsonProperty("expires_at") Long expiresAt) {

    public KeyAuthCredential {
        tags = Values.list(tags);
    }

    /** A credential that does not expire. */
    public KeyAuthCredential(String id, String key, String keyHash, List<String> tags, EntityRef consumer) {
        this(id, key, keyHash, tags, consumer, null);
    }

    /** The credential as it may leave the control plane: the clear key replaced by its hash. */
    public KeyAuthCredential hashed() {
        return key == null ? this : new KeyAuthCredential(id, null, SecretHashes.keyHash(key), tags, consumer, expiresAt);
    }

    /** A copy with another id. */
    public KeyAuthCredential withId(String newId) {
        return new KeyAuthCredential(newId, key, keyHash, tags, consumer, expiresAt);
    }

    /** A copy owned by another consumer. */
    public KeyAuthCredential withConsumer(EntityRef newConsumer) {
        return new KeyAuthCredential(id, key, keyHash, tags, newConsumer, expiresAt);
    }

    /** Never prints the clear key. */
    @Override
    public String toString() {
        return "KeyAuthCredential[id=" + id + ", key=" + (key == null ? null : "****") + ", keyHash=" + keyHash
                + ", tags=" + tags + ", consumer=" + consumer + ", expiresAt=" + expiresAt + "]";
    }
}
