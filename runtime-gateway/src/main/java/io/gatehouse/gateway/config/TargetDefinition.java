package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One backend of an upstream: {@code target} is {@code host:port} (or {@code [ipv6]:port}; a missing
 * port means 8000, as in Kong), {@code weight} 0–65535 (default 100; 0 takes it out of rotation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetDefinition(String id, String target, Integer weight, List<String> tags, EntityRef upstream) {

    public static final int DEFAULT_WEIGHT = 100;
    public static final int DEFAULT_PORT = 8000;

    public TargetDefinition {
        weight = Values.or(weight, DEFAULT_WEIGHT);
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public TargetDefinition withId(String newId) {
        return new TargetDefinition(newId, target, weight, tags, upstream);
    }

    /** A copy pointing at another upstream. */
    public TargetDefinition withUpstream(EntityRef newUpstream) {
        return new TargetDefinition(id, target, weight, tags, newUpstream);
    }

}
