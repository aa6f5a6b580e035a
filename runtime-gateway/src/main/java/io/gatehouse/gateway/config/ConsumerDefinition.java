package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Someone who calls the APIs: identified by {@code username} and/or {@code custom_id} (at least one),
 * optionally member of consumer {@code groups}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsumerDefinition(
        String id,
        String username,
        @JsonProperty("custom_id") String customId,
        List<String> tags,
        List<EntityRef> groups) {

    public ConsumerDefinition {
        tags = Values.list(tags);
        groups = Values.list(groups);
    }

    /** A copy with another id. */
    public ConsumerDefinition withId(String newId) {
        return new ConsumerDefinition(newId, username, customId, tags, groups);
    }

}
