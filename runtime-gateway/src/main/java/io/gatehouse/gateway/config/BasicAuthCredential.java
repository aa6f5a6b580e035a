package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.secrets.SecretHashes;

/**
 * A username/password of a consumer. {@code password} is clear input only; normalising replaces it by
 * {@code password_hash} (salted PBKDF2, {@link SecretHashes#hashPassword(String)}), which gateways
 * check with {@link SecretHashes#verifyPassword(String, String)}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BasicAuthCredential(
        String id,
        String username,
        String password,
        @JsonProperty("password_hash") String passwordHash,
        List<String> tags,
        EntityRef consumer) {

    public BasicAuthCredential {
        tags = Values.list(tags);
    }

    /** The credential as it may leave the control plane: the clear password replaced by a salted hash. */
    public BasicAuthCredential hashed(SecretHashes hashes) {
        return password == null ? this
                : new BasicAuthCredential(id, username, null, hashes.hashPassword(password), tags, consumer);
    }

    /** A copy with another id. */
    public BasicAuthCredential withId(String newId) {
        return new BasicAuthCredential(newId, username, password, passwordHash, tags, consumer);
    }

    /** A copy owned by another consumer. */
    public BasicAuthCredential withConsumer(EntityRef newConsumer) {
        return new BasicAuthCredential(id, username, password, passwordHash, tags, newConsumer);
    }

    /** Never prints the clear password. */
    @Override
    public String toString() {
        return "BasicAuthCredential[id=" + id + ", username=" + username + ", password="
                + (password == null ? null : "****") + ", passwordHash=" + passwordHash + ", tags=" + tags
                + ", consumer=" + consumer + "]";
    }
}
