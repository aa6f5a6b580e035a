package io.gatehouse.gateway.sync;

import java.util.Comparator;

/** Identifies one entity of a config: its type ({@code route}, {@code service}, …) and id. */
public record EntityKey(String type, String id) implements Comparable<EntityKey> {

    private static final Comparator<EntityKey> ORDER = Comparator.comparing(EntityKey::type)
        .thenComparing(EntityKey::id);

    public EntityKey {
        if (type == null || type.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("an entity key needs a type and an id");
        }
    }

    @Override
    public int compareTo(EntityKey other) {
        return ORDER.compare(this, other);
    }
}
