package io.gatehouse.gateway.sync;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigJson;

/**
 * A complete config as a gateway holds it: a revision, its hash, and every entity by key. Immutable;
 * applying a delta yields a new instance and rehashes only the entities the delta touched.
 *
 * <p>Each entity is digested from its document's bytes as they travel ({@link SyncEntity#digest}): the control
 * plane sends canonical JSON, so that is the {@link ConfigHash} digest with no tree built. A sender that does not
 * (an older control plane) makes the hash differ from the one it declared; the caller then asks for
 * {@link #canonicalized()} (or {@link #apply(Delta, boolean)} with canonicalizing on), which re-encodes the
 * documents canonically and hashes again.
 *
 * <p>Each entity's document is read into its definition record at most once ({@link #definition}), straight from
 * its bytes: the check before applying and the runtime's compile share that reading, and a config produced by a
 * delta inherits the readings of every entity the delta did not touch, so a one-entity delta reads one document.
 */
public final class SyncedConfig {

    private static final SyncedConfig EMPTY = new SyncedConfig(0, new TreeMap<>());

    private final long revision;
    private final NavigableMap<EntityKey, Held> held;
    private final String hash;

    /** One entity with its digest and, once read, its definition record. */
    private static final class Held {

        final SyncEntity entity;
        final byte[] digest;
        /** The definition read from the document, set on first use (racy but idempotent). */
        volatile Object definition;

        Held(SyncEntity entity) {
            this.entity = entity;
            this.digest = entity.digest();
        }
    }

    private SyncedConfig(long revision, TreeMap<EntityKey, Held> held) {
        this.revision = revision;
        this.held = Collections.unmodifiableNavigableMap(held);
        List<byte[]> digests = new ArrayList<>(held.size());
        for (Held entry : held.values()) {
            digests.add(entry.digest);
        }
        this.hash = ConfigHash.combine(digests);
    }

    /** No config at all (revision 0): what a gateway holds before its first sync. */
    public static SyncedConfig empty() {
        return EMPTY;
    }

    /**
     * The config a snapshot describes, each document digested as it is; its hash is computed, not taken from the
     * snapshot.
     */
    public static SyncedConfig of(long revision, Collection<SyncEntity> entities) {
        TreeMap<EntityKey, Held> byKey = new TreeMap<>();
        for (SyncEntity entity : entities) {
            byKey.put(entity.key(), new Held(entity));
        }
        return new SyncedConfig(revision, byKey);
    }

    /**
     * This config with every document in canonical JSON (those that already are kept as they are, with their
     * readings): what to hash when a sender's documents may not be canonical.
     */
    public SyncedConfig canonicalized() {
        TreeMap<EntityKey, Held> byKey = new TreeMap<>();
        for (Held entry : held.values()) {
            SyncEntity canonical = entry.entity.canonical();
            byKey.put(canonical.key(), canonical == entry.entity ? entry : new Held(canonical));
        }
        return new SyncedConfig(revision, byKey);
    }

    /**
     * This config with a delta applied, the upserts digested as they are. The caller checks
     * {@link Delta#fromRevision()} against {@link #revision()} first and compares the result's {@link #hash()}
     * with {@link Delta#hash()}.
     */
    public SyncedConfig apply(Delta delta) {
        return apply(delta, false);
    }

    /**
     * This config with a delta applied; with {@code canonicalize}, the upserts' documents are re-encoded in
     * canonical JSON first (for a sender that may not send it).
     */
    public SyncedConfig apply(Delta delta, boolean canonicalize) {
        TreeMap<EntityKey, Held> byKey = new TreeMap<>(held);
        for (EntityKey key : delta.deletes()) {
            byKey.remove(key);
        }
        for (SyncEntity entity : delta.upserts()) {
            SyncEntity upsert = canonicalize ? entity.canonical() : entity;
            byKey.put(upsert.key(), new Held(upsert));
        }
        return new SyncedConfig(delta.revision(), byKey);
    }

    /**
     * The entity's document read strictly as {@code type} (the config language's rules, {@link ConfigJson}) from
     * its bytes, read once and kept for the life of this config and of the configs deltas derive from it.
     *
     * @throws tools.jackson.core.JacksonException when the document does not read as {@code type}
     * @throws IllegalArgumentException            when a definition rejects a value while being built
     */
    <T> T definition(SyncEntity entity, Class<T> type) {
        Held entry = held.get(entity.key());
        if (entry != null && entry.entity == entity && type.isInstance(entry.definition)) {
            return type.cast(entry.definition);
        }
        T definition = ConfigJson.json().readValue(entity.json(), type);
        if (entry != null && entry.entity == entity) {
            entry.definition = definition;
        }
        return definition;
    }

    /** The {@link ConfigHash} digest of one entity as it travels (its document is already canonical). */
    public static byte[] digest(SyncEntity entity) {
        return entity.digest();
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
        return new EntityView(held);
    }

    /** The entity with this key, or null. */
    public SyncEntity entity(EntityKey key) {
        Held entry = held.get(key);
        return entry == null ? null : entry.entity;
    }

    /** How many entities this config holds. */
    public int size() {
        return held.size();
    }

    /** The entities of one type ({@code route}, {@code service}, …), sorted by id. */
    public List<SyncEntity> ofType(String type) {
        Collection<Held> ofType = held.subMap(new EntityKey(type, "\0"), true, new EntityKey(type, "\uffff"), true)
            .values();
        List<SyncEntity> entities = new ArrayList<>(ofType.size());
        for (Held entry : ofType) {
            entities.add(entry.entity);
        }
        return entities;
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    @Override
    public String toString() {
        return "SyncedConfig[revision=" + revision + ", hash=" + hash + ", entities=" + held.size() + "]";
    }

    /** The held entries seen as entities, without copying them. */
    private static final class EntityView extends AbstractMap<EntityKey, SyncEntity> {

        private final NavigableMap<EntityKey, Held> held;

        EntityView(NavigableMap<EntityKey, Held> held) {
            this.held = held;
        }

        @Override
        public SyncEntity get(Object key) {
            Held entry = held.get(key);
            return entry == null ? null : entry.entity;
        }

        @Override
        public boolean containsKey(Object key) {
            return held.containsKey(key);
        }

        @Override
        public int size() {
            return held.size();
        }

        @Override
        public Set<Entry<EntityKey, SyncEntity>> entrySet() {
            return new AbstractSet<>() {

                @Override
                public Iterator<Entry<EntityKey, SyncEntity>> iterator() {
                    Iterator<Entry<EntityKey, Held>> entries = held.entrySet().iterator();
                    return new Iterator<>() {

                        @Override
                        public boolean hasNext() {
                            return entries.hasNext();
                        }

                        @Override
                        public Entry<EntityKey, SyncEntity> next() {
                            Entry<EntityKey, Held> next = entries.next();
                            return Map.entry(next.getKey(), next.getValue().entity);
                        }
                    };
                }

                @Override
                public int size() {
                    return held.size();
                }
            };
        }
    }
}
