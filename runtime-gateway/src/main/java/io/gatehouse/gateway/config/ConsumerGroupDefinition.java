package io.gatehouse.gateway.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A named group of consumers; plugins can be scoped to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsumerGroupDefinition(String id, String name, List<String> tags) {

    public ConsumerGroupDefinition {
        tags = Values.list(tags);
    }

    /** A copy with another id. */
    public ConsumerGroupDefinition withId(String newId) {
        return new ConsumerGroupDefinition(newId, name, tags);
    }

}
