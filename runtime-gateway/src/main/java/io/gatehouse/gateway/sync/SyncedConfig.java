package io.gatehouse.gateway.sync;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigJson;

/**
 * A complete config as a gateway holds it: a revision, its hash, and every entity by key. Immutable;
 * applying a delta yields a new instance and rehashes only the entities the delta touched.
 *
 * <p>Each entity's document is read into its definition record at most once ({@link #definition}): the check
 * before applying and the runtime's compile share that reading, and a config produced by a delta inherits the
 * readings of every entity the delta did not touch, so a one-entity delta reads one document.
 */
public final class SyncedConfig {

    private static final SyncedConfig EMPTY = new SyncedConfig(0, new TreeMap<>(), new TreeMap<>(),
            new ConcurrentHashMap<>());

    private final long revision;
    private final NavigableMap<EntityKey, SyncEntity> entities;
    private final NavigableMap<EntityKey, byte[]> digests;
    private final String hash;
    /** Documents already read into definitions, by key; only ever holds readings of this config's entities. */
    private final ConcurrentHashMap<EntityKey, Reading> readings;

    /** One entity's document read as a definition record. */
    private record Reading(SyncEntity entity, Object definition) {
    }

    private SyncedConfig(long revision, TreeMap<EntityKey, SyncEntity> entities, TreeMap<EntityKey, byte[]> digests,
            ConcurrentHashMap<EntityKey, Reading> readings) {
        this.readings = readings;
        this.revision = revision;
        this.entities = Collections.unmodifiableNavigableMap(entities);
        this.digests = Collections.unmodifiableNavigableMap(digests);
        this.hash = ConfigHash.combine(digests.values());
    }

    /** No config at all (revision 0): what a gateway holds before its first sync. */
    public static SyncedConfig empty() {
        return EMPTY;
    }

    /** The config a snapshot describes; its hash is computed, not taken from the snapshot. */
    public static SyncedConfig of(long revision, Collection<SyncEntity> entities) {
        TreeMap<EntityKey, SyncEntity> byKey = new TreeMap<>();
        TreeMap<EntityKey, byte[]> digests = new TreeMap<>();
        for (SyncEntity entity : entities) {
            byKey.put(entity.key(), entity);
            digests.put(entity.key(), digest(entity));
        }
        return new SyncedConfig(revision, byKey, digests, new ConcurrentHashMap<>());
    }

    /**
     * This config with a delta applied. The caller checks {@link Delta#fromRevision()} against
     * {@link #revision()} first and compares the result's {@link #hash()} with {@link Delta#hash()}.
     */
    public SyncedConfig apply(Delta delta) {
        TreeMap<EntityKey, SyncEntity> byKey = new TreeMap<>(entities);
        TreeMap<EntityKey, byte[]> newDigests = new TreeMap<>(digests);
        ConcurrentHashMap<EntityKey, Reading> kept = new ConcurrentHashMap<>(readings);
        for (EntityKey key : delta.deletes()) {
            byKey.remove(key);
            newDigests.remove(key);
            kept.remove(key);
        }
        for (SyncEntity entity : delta.upserts()) {
            byKey.put(entity.key(), entity);
            newDigests.put(entity.key(), digest(entity));
            kept.remove(entity.key());
        }
        return new SyncedConfig(delta.revision(), byKey, newDigests, kept);
    }

    /**
     * The entity's document read strictly as {@code type} (the config language's rules, {@link ConfigJson}), read
     * once and kept for the life of this config and of the configs deltas derive from it.
     *
     * @throws tools.jackson.core.JacksonException when the document does not read as {@code type}
     * @throws IllegalArgumentException            when a definition rejects a value while being built
     */
    <T> T definition(SyncEntity entity, Class<T> type) {
        Reading reading = readings.get(entity.key());
        if (reading != null && reading.entity() == entity && type.isInstance(reading.definition())) {
            return type.cast(reading.definition());
        }
        T definition = ConfigJson.json().treeToValue(entity.document(), type);
        if (entities.get(entity.key()) == entity) {
            readings.put(entity.key(), new Reading(entity, definition));
        }
        return definition;
    }

    /** The {@link ConfigHash} digest of one entity as it travels (its document is already in normal form). */
    public static byte[] digest(SyncEntity entity) {
        return ConfigHash.digest(entity.type(), entity.id(), entity.document());
    }

    /** The {@link ConfigHash} of entities in any order (each key once). */
    public static String hash(Collection<SyncEntity> entities) {
        return of(0, entities).hash();
    }

    public long revision() {
        return revision;
    }

    public String hash() {
        return hash;
    }

    /** Every entity, sorted by key. */
    public Map<EntityKey, SyncEntity> entities() {
        return entities;
    }

    /** The entities of one type ({@code route}, {@code service}, …), sorted by id. */
    public List<SyncEntity> ofType(String type) {
        return List.copyOf(entities.subMap(new EntityKey(type, "\0"), true, new EntityKey(type, "\uffff"), true)
            .values());
    }

    public boolean isEmpty() {
        return entities.isEmpty();
    }

    @Override
    public String toString() {
        return "SyncedConfig[revision=" + revision + ", hash=" + hash + ", entities=" + entities.size() + "]";
    }
}
