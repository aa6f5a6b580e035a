package io.gatehouse.gateway.sync;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.gatehouse.gateway.config.ConfigHash;

/**
 * A complete config as a gateway holds it: a revision, its hash, and every entity by key. Immutable;
 * applying a delta yields a new instance and rehashes only the entities the delta touched.
 */
public final class SyncedConfig {

    private static final SyncedConfig EMPTY = new SyncedConfig(0, new TreeMap<>(), new TreeMap<>());

    private final long revision;
    private final NavigableMap<EntityKey, SyncEntity> entities;
    private final NavigableMap<EntityKey, byte[]> digests;
    private final String hash;

    private SyncedConfig(long revision, TreeMap<EntityKey, SyncEntity> entities, TreeMap<EntityKey, byte[]> digests) {
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
        return new SyncedConfig(revision, byKey, digests);
    }

    /**
     * This config with a delta applied. The caller checks {@link Delta#fromRevision()} against
     * {@link #revision()} first and compares the result's {@link #hash()} with {@link Delta#hash()}.
     */
    public SyncedConfig apply(Delta delta) {
        TreeMap<EntityKey, SyncEntity> byKey = new TreeMap<>(entities);
        TreeMap<EntityKey, byte[]> newDigests = new TreeMap<>(digests);
        for (EntityKey key : delta.deletes()) {
            byKey.remove(key);
            newDigests.remove(key);
        }
        for (SyncEntity entity : delta.upserts()) {
            byKey.put(entity.key(), entity);
            newDigests.put(entity.key(), digest(entity));
        }
        return new SyncedConfig(delta.revision(), byKey, newDigests);
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
