package io.gatehouse.gateway.sync;

/** Identifies one entity of a config: its type ({@code route}, {@code service}, …) and id. */
public record EntityKey(String type, String id) implements Comparable<EntityKey> {

    public EntityKey {
        if (type == null || type.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("an entity key needs a type and an id");
        }
    }

    @Override
    public int compareTo(EntityKey other) {
        // By type, then id: written out rather than as a Comparator chain, which sorting a large config calls
        // millions of times.
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : id.compareTo(other.id);
    }
}
