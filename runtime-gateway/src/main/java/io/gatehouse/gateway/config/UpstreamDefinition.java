package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A virtual host name that load-balances over {@link TargetDefinition targets}; a service whose
 * {@code host} equals an upstream's name goes through it. Defaults as in Kong: algorithm
 * round-robin, hash_on and hash_fallback none, hash_on_cookie_path "/", slots 10000, and
 * {@link Healthchecks} with all probes off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamDefinition(
        String id,
        String name,
        String algorithm,
        @JsonProperty("hash_on") String hashOn,
        @JsonProperty("hash_fallback") String hashFallback,
        @JsonProperty("hash_on_header") String hashOnHeader,
        @JsonProperty("hash_fallback_header") String hashFallbackHeader,
        @JsonProperty("hash_on_cookie") String hashOnCookie,
        @JsonProperty("hash_on_cookie_path") String hashOnCookiePath,
        Integer slots,
        Healthchecks healthchecks,
        @JsonProperty("host_header") String hostHeader,
        List<String> tags) {

    public static final List<String> ALGORITHMS = List.of("round-robin", "least-connections", "consistent-hashing");
    public static final List<String> HASH_ON = List.of("none", "consumer", "ip", "header", "cookie", "path");
    public static final int DEFAULT_SLOTS = 10_000;

    public UpstreamDefinition {
        algorithm = Values.or(algorithm, "round-robin");
        hashOn = Values.or(hashOn, "none");
        hashFallback = Values.or(hashFallback, "none");
        hashOnCookiePath = Values.or(hashOnCookiePath, "/");
        slots = Values.or(slots, DEFAULT_SLOTS);
        healthchecks = Values.or(healthchecks, new Healthchecks(null, null, null));
        tags = Values.list(tags);
    }

    /** An upstream with the given name and every other field at its default. */
    public static UpstreamDefinition named(String name) {
        return new UpstreamDefinition(null, name, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A copy with another id. */
    public UpstreamDefinition withId(String newId) {
        return new UpstreamDefinition(newId, name, algorithm, hashOn, hashFallback, hashOnHeader, hashFallbackHeader,
                hashOnCookie, hashOnCookiePath, slots, healthchecks, hostHeader, tags);
    }

}
