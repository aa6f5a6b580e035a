package io.gatehouse.platform.gateways.entities;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

/**
 * One stored entity of a control plane. {@code document} is the validated definition as the caller wrote it
 * (Kong's field names; secrets replaced by their hashes), without id, timestamps and references, which
 * live in their own fields.
 */
public record GatewayEntity(UUID id, UUID controlPlaneId, EntityType type, String name, List<String> tags,
        ObjectNode document, Map<EntityType.Reference, UUID> references, Instant createdAt, Instant updatedAt,
        long version) {

    public GatewayEntity {
        tags = tags == null ? List.of() : List.copyOf(tags);
        references = references == null ? Map.of() : Map.copyOf(references);
    }

    public UUID reference(EntityType.Reference reference) {
        return references.get(reference);
    }
}
