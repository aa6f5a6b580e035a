package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A JWT signing identity of a consumer: tokens whose {@code iss} claim (by default) equals {@code key}
 * are verified with {@code secret} (HS256, HMAC needs it in clear) or {@code rsa_public_key}
 * (a PEM public key: RSA for RS256, EC P-256 for ES256). Default algorithm HS256.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JwtCredential(
        String id,
        String key,
        String algorithm,
        String secret,
        @JsonProperty("rsa_public_key") String rsaPublicKey,
        List<String> tags,
        EntityRef consumer) {

    public static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256");

    public JwtCredential {
        algorithm = Values.or(algorithm, "HS256");
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public JwtCredential withId(String newId) {
        return new JwtCredential(newId, key, algorithm, secret, rsaPublicKey, tags, consumer);
    }

    /** A copy owned by another consumer. */
    public JwtCredential withConsumer(EntityRef newConsumer) {
        return new JwtCredential(id, key, algorithm, secret, rsaPublicKey, tags, newConsumer);
    }

    /** Never prints the HMAC secret. */
    @Override
    public String toString() {
        return "JwtCredential[id=" + id + ", key=" + key + ", algorithm=" + algorithm + ", secret="
                + (secret == null ? null : "****") + ", rsaPublicKey=" + (rsaPublicKey == null ? null : "PEM")
                + ", tags=" + tags + ", consumer=" + consumer + "]";
    }
}
