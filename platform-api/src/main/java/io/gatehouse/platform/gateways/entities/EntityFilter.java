package io.gatehouse.platform.gateways.entities;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a listing keeps: an exact name, tags (all of them, or any of them as Kong's {@code tags=a/b}), and
 * references (the service of {@code /services/{id}/routes}).
 */
public record EntityFilter(String name, List<String> tags, boolean anyTag, Map<EntityType.Reference, UUID> references) {

    public EntityFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
        references = references == null ? Map.of() : Map.copyOf(references);
    }

    public static EntityFilter none() {
        return new EntityFilter(null, List.of(), false, Map.of());
    }

    /** Kong's tag syntax: {@code a,b} means both, {@code a/b} either; mixing both is not allowed. */
    public static EntityFilter ofTags(String tags) {
        if (tags == null || tags.isBlank()) {
            return none();
        }
        boolean any = tags.contains("/");
        return new EntityFilter(null, List.of(tags.split(any ? "/" : ",")), any, Map.of());
    }

    public EntityFilter withName(String newName) {
        return new EntityFilter(newName, tags, anyTag, references);
    }

    public EntityFilter withReference(EntityType.Reference reference, UUID id) {
        Map<EntityType.Reference, UUID> more = new java.util.EnumMap<>(EntityType.Reference.class);
        more.putAll(references);
        more.put(reference, id);
        return new EntityFilter(name, tags, anyTag, more);
    }
}
