package io.gatehouse.gateway.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;

import tools.jackson.databind.JsonNode;

/**
 * One entity of a config as it travels: its type, id and definition document (the config language's
 * JSON, secrets already hashed by the control plane).
 */
public record SyncEntity(String type, String id, JsonNode document) {

    @JsonIgnore
    public EntityKey key() {
        return new EntityKey(type, id);
    }
}
