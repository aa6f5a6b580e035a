package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A server name (exact, or wildcard {@code *.example.com}) bound to a certificate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SniDefinition(String id, String name, List<String> tags, EntityRef certificate) {

    public SniDefinition {
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public SniDefinition withId(String newId) {
        return new SniDefinition(newId, name, tags, certificate);
    }

}
