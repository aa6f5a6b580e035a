package io.gatehouse.gateway.sync;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

    private static final SyncedConfig EMPTY = new SyncedConfig(0, new EntityKey[0], new Held[0]);

    private final long revision;
    /** Every key in (type, id) order; {@link #held} holds the entity of each at the same index. */
    private final EntityKey[] keys;
    private final Held[] held;
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

    private SyncedConfig(long revision, EntityKey[] keys, Held[] held) {
        this.revision = revision;
        this.keys = keys;
        this.held = held;
        List<byte[]> digests = new ArrayList<>(held.length);
        for (Held entry : held) {
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
     * snapshot. Of two entities with the same key, the later one counts.
     */
    public static SyncedConfig of(long revision, Collection<SyncEntity> entities) {
        List<Held> held = new ArrayList<>(entities.size());
        for (SyncEntity entity : entities) {
            held.add(new Held(entity));
        }
        return sorted(revision, held);
    }

    /**
     * Sorts entries by key (unless they come sorted), the later of equal keys winning. Keys are compared by a packed prefix first (the type's
     * rank and the id's first characters, in two longs held next to each entry), so that sorting 100,000 entities
     * seldom follows the pointers to their strings, which made this the slowest step of hashing a snapshot.
     */
    private static SyncedConfig sorted(long revision, List<Held> entries) {
        // the control plane sends a snapshot in key order: then there is nothing to sort
        boolean ordered = true;
        for (int i = 1; i < entries.size() && ordered; i++) {
            ordered = entries.get(i - 1).entity.key().compareTo(entries.get(i).entity.key()) < 0;
        }
        if (ordered) {
            EntityKey[] keys = new EntityKey[entries.size()];
            Held[] held = new Held[entries.size()];
            for (int i = 0; i < keys.length; i++) {
                held[i] = entries.get(i);
                keys[i] = held[i].entity.key();
            }
            return new SyncedConfig(revision, keys, held);
        }
        java.util.TreeSet<String> typeNames = new java.util.TreeSet<>();
        String lastType = null;
        for (Held entry : entries) {
            if (!entry.entity.type().equals(lastType)) {
                lastType = entry.entity.type();
                typeNames.add(lastType);
            }
        }
        Map<String, Integer> ranks = new java.util.HashMap<>();
        for (String type : typeNames) {
            ranks.put(type, ranks.size());
        }
        Slot[] slots = new Slot[entries.size()];
        for (int i = 0; i < slots.length; i++) {
            Held entry = entries.get(i);
            slots[i] = new Slot(entry.entity.key(), entry, ranks.get(entry.entity.type()), i);
        }
        Arrays.sort(slots);
        int unique = 0;
        for (int i = 0; i < slots.length; i++) {
            if (unique > 0 && slots[unique - 1].key.equals(slots[i].key)) {
                slots[unique - 1] = slots[i];
            } else {
                slots[unique++] = slots[i];
            }
        }
        EntityKey[] keys = new EntityKey[unique];
        Held[] held = new Held[unique];
        for (int i = 0; i < unique; i++) {
            keys[i] = slots[i].key;
            held[i] = slots[i].held;
        }
        return new SyncedConfig(revision, keys, held);
    }

    /** An entry being sorted, with its key's packed prefix; equal keys keep their input order. */
    private static final class Slot implements Comparable<Slot> {

        final EntityKey key;
        final Held held;
        final long high;
        final long low;
        final int position;

        Slot(EntityKey key, Held held, int rank, int position) {
            this.key = key;
            this.held = held;
            this.position = position;
            String id = key.id();
            this.high = ((long) rank << 48) | ((long) charAt(id, 0) << 32) | ((long) charAt(id, 1) << 16) | charAt(id, 2);
            this.low = ((long) charAt(id, 3) << 48) | ((long) charAt(id, 4) << 32) | ((long) charAt(id, 5) << 16)
                    | charAt(id, 6);
        }

        /** The char, or 0 past the end (an id's end sorts before any char, as in String.compareTo, ids having no NUL). */
        private static int charAt(String text, int index) {
            return index < text.length() ? text.charAt(index) : 0;
        }

        @Override
        public int compareTo(Slot other) {
            int byPrefix = high != other.high ? Long.compare(high, other.high)
                    : low != other.low ? Long.compare(low, other.low) : 0;
            if (byPrefix != 0) {
                return byPrefix;
            }
            int byKey = key.compareTo(other.key);
            return byKey != 0 ? byKey : Integer.compare(position, other.position);
        }
    }

    /**
     * This config with every document in canonical JSON (those that already are kept as they are, with their
     * readings): what to hash when a sender's documents may not be canonical.
     */
    public SyncedConfig canonicalized() {
        Held[] canonical = new Held[held.length];
        for (int i = 0; i < held.length; i++) {
            SyncEntity entity = held[i].entity.canonical();
            canonical[i] = entity == held[i].entity ? held[i] : new Held(entity);
        }
        return new SyncedConfig(revision, keys, canonical);
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
     * canonical JSON first (for a sender that may not send it). The entries the delta does not touch are shared
     * (with their readings); the changes are merged in one pass.
     */
    public SyncedConfig apply(Delta delta, boolean canonicalize) {
        TreeMap<EntityKey, Held> changes = new TreeMap<>();
        for (EntityKey key : delta.deletes()) {
            changes.put(key, null);
        }
        for (SyncEntity entity : delta.upserts()) {
            SyncEntity upsert = canonicalize ? entity.canonical() : entity;
            changes.put(upsert.key(), new Held(upsert));
        }
        List<EntityKey> mergedKeys = new ArrayList<>(keys.length + changes.size());
        List<Held> merged = new ArrayList<>(keys.length + changes.size());
        int i = 0;
        for (Map.Entry<EntityKey, Held> change : changes.entrySet()) {
            int at = Arrays.binarySearch(keys, i, keys.length, change.getKey());
            int end = at >= 0 ? at : -at - 1;
            for (; i < end; i++) {
                mergedKeys.add(keys[i]);
                merged.add(held[i]);
            }
            if (at >= 0) {
                i++;
            }
            if (change.getValue() != null) {
                mergedKeys.add(change.getKey());
                merged.add(change.getValue());
            }
        }
        for (; i < keys.length; i++) {
            mergedKeys.add(keys[i]);
            merged.add(held[i]);
        }
        return new SyncedConfig(delta.revision(), mergedKeys.toArray(new EntityKey[0]), merged.toArray(new Held[0]));
    }

    /**
     * The delta that turns this config into {@code next}: entities whose digests differ or that only one of them has.
     * Null when more than {@code limit} entities differ (then a delta would not be the cheaper way there).
     */
    public Delta diff(SyncedConfig next, int limit) {
        List<SyncEntity> upserts = new ArrayList<>();
        List<EntityKey> deletes = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < keys.length || j < next.keys.length) {
            int compared = i == keys.length ? 1 : j == next.keys.length ? -1 : keys[i].compareTo(next.keys[j]);
            if (compared < 0) {
                deletes.add(keys[i++]);
            } else if (compared > 0) {
                upserts.add(next.held[j++].entity);
            } else {
                if (!Arrays.equals(held[i].digest, next.held[j].digest)) {
                    upserts.add(next.held[j].entity);
                }
                i++;
                j++;
            }
            if (upserts.size() + deletes.size() > limit) {
                return null;
            }
        }
        return new Delta(revision, next.revision, next.hash, upserts, deletes);
    }

    private Held find(Object key) {
        if (!(key instanceof EntityKey entityKey)) {
            return null;
        }
        int at = Arrays.binarySearch(keys, entityKey);
        return at >= 0 ? held[at] : null;
    }

    /** The index of the first entry of a type at or after {@code type} ({@code inclusive}) or after it. */
    private int bound(String type, boolean inclusive) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int compared = keys[middle].type().compareTo(type);
            if (compared < 0 || (!inclusive && compared == 0)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * The entity's document read strictly as {@code type} (the config language's rules, {@link ConfigJson}) from
     * its bytes, read once and kept for the life of this config and of the configs deltas derive from it.
     *
     * @throws tools.jackson.core.JacksonException when the document does not read as {@code type}
     * @throws IllegalArgumentException            when a definition rejects a value while being built
     */
    <T> T definition(SyncEntity entity, Class<T> type) {
        Held entry = find(entity.key());
        if (entry != null && entry.entity == entity && type.isInstance(entry.definition)) {
            return type.cast(entry.definition);
        }
        T definition = ConfigJson.json().readValue(entity.json(), type);
        if (entry != null && entry.entity == entity) {
            entry.definition = definition;
        }
        return definition;
    }

    /**
     * The definitions of every entity of one type, sorted by id, each read once ({@link #definition}).
     *
     * @throws tools.jackson.core.JacksonException when a document does not read as {@code definition}
     */
    <T> List<T> definitions(String type, Class<T> definition) {
        int from = bound(type, true);
        int to = bound(type, false);
        List<T> definitions = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Held entry = held[i];
            Object read = entry.definition;
            if (!definition.isInstance(read)) {
                read = ConfigJson.json().readValue(entry.entity.json(), definition);
                entry.definition = read;
            }
            definitions.add(definition.cast(read));
        }
        return definitions;
    }

    /** The entity at {@code index} in key order (0 to {@link #size()} - 1). */
    SyncEntity entityAt(int index) {
        return held[index].entity;
    }

    /** {@link #definition} of the entity at {@code index}, without looking its key up. */
    <T> T definitionAt(int index, Class<T> type) {
        Held entry = held[index];
        Object read = entry.definition;
        if (!type.isInstance(read)) {
            read = ConfigJson.json().readValue(entry.entity.json(), type);
            entry.definition = read;
        }
        return type.cast(read);
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
        return new EntityView();
    }

    /** The entity with this key, or null. */
    public SyncEntity entity(EntityKey key) {
        Held entry = find(key);
        return entry == null ? null : entry.entity;
    }

    /** How many entities this config holds. */
    public int size() {
        return keys.length;
    }

    /** The entities of one type ({@code route}, {@code service}, …), sorted by id. */
    public List<SyncEntity> ofType(String type) {
        int from = bound(type, true);
        int to = bound(type, false);
        List<SyncEntity> entities = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            entities.add(held[i].entity);
        }
        return entities;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public String toString() {
        return "SyncedConfig[revision=" + revision + ", hash=" + hash + ", entities=" + keys.length + "]";
    }

    /** The entries seen as a map of entities, without copying them. */
    private final class EntityView extends AbstractMap<EntityKey, SyncEntity> {

        @Override
        public SyncEntity get(Object key) {
            Held entry = find(key);
            return entry == null ? null : entry.entity;
        }

        @Override
        public boolean containsKey(Object key) {
            return find(key) != null;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Set<Entry<EntityKey, SyncEntity>> entrySet() {
            return new AbstractSet<>() {

                @Override
                public Iterator<Entry<EntityKey, SyncEntity>> iterator() {
                    return new Iterator<>() {

                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<EntityKey, SyncEntity> next() {
                            if (next >= keys.length) {
                                throw new java.util.NoSuchElementException();
                            }
                            Entry<EntityKey, SyncEntity> entry = Map.entry(keys[next], held[next].entity);
                            next++;
                            return entry;
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
