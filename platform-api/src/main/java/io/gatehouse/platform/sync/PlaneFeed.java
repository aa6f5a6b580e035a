package io.gatehouse.platform.sync;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import tools.jackson.databind.JsonNode;

/**
 * What this replica knows of one control plane that has sessions here: its latest config (each entity's wire
 * form: normal form, digest and encoding, see {@link WireEntities}), the delta into that revision and the
 * snapshot of it, each encoded at most once and shared by every session. So a change reaching 200 gateways costs
 * one change-log read and one encoding, not 200; and a new revision costs only the entities it changed: the
 * config hash is recombined from the per-entity digests, and a snapshot is the concatenation of the entities'
 * encodings, most of them made for an earlier revision.
 *
 * <p>All methods are synchronized: a feed advances one revision at a time, and sessions read a
 * consistent (config, delta, snapshot) triple.
 */
final class PlaneFeed {

    /** What to send a session, or why nothing can be sent. */
    record Push(long revision, String text, Set<String> missingPlugins, boolean gone) {

        static Push of(long revision, String text) {
            return new Push(revision, text, Set.of(), false);
        }
    }

    private final UUID controlPlaneId;
    private final PlaneConfigs configs;
    private final int maxDeltaChanges;
    private final WireEntities forms = new WireEntities();
    final Set<HubSession> sessions = ConcurrentHashMap.newKeySet();

    /** The latest config by (type, id), the order of the config hash; {@code null} until first read. */
    private TreeMap<EntityKey, WireEntities.WireEntity> latest;
    private long revision;
    private String hash;
    private Set<String> pluginsUsed = Set.of();
    private Delta lastDelta;
    private String lastDeltaText;
    private String snapshotText;
    private boolean gone;

    PlaneFeed(UUID controlPlaneId, PlaneConfigs configs, int maxDeltaChanges) {
        this.controlPlaneId = controlPlaneId;
        this.configs = configs;
        this.maxDeltaChanges = maxDeltaChanges;
    }

    UUID controlPlaneId() {
        return controlPlaneId;
    }

    /** The latest revision known here (reading the database if nothing is known yet); -1 when gone. */
    synchronized long revision() {
        if (latest == null) {
            refresh();
        }
        return gone ? -1 : revision;
    }

    /** Brings the feed up to at least {@code revision} (no database read if it is there already). */
    synchronized void advance(long revision) {
        if (latest != null && this.revision >= revision) {
            return;
        }
        refresh();
    }

    /** Reads what changed since the latest known revision (or everything, the first time). */
    synchronized void refresh() {
        if (gone) {
            return;
        }
        if (latest == null) {
            rebuild();
            return;
        }
        Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, revision, maxDeltaChanges, forms);
        if (changes.isEmpty()) {
            rebuild();
            return;
        }
        PlaneConfigs.Changes found = changes.get();
        if (found.revision() == revision) {
            return;
        }
        for (EntityKey key : found.deletes()) {
            latest.remove(key);
            forms.forget(key.id());
        }
        for (WireEntities.WireEntity entity : found.upserts()) {
            latest.put(entity.key(), entity);
        }
        installed(found.revision());
        lastDelta = new Delta(found.fromRevision(), found.revision(), hash, found.upsertEntities(), found.deletes());
        lastDeltaText = null;
    }

    /**
     * What a session holding {@code held}/{@code heldHash} should get to reach the latest revision, or
     * {@code null} when it is there already. {@code plugins} are those the gateway can run.
     */
    synchronized Push pushFor(long held, String heldHash, boolean forceSnapshot, Set<String> plugins) {
        if (latest == null) {
            refresh();
        }
        if (gone) {
            return new Push(-1, null, Set.of(), true);
        }
        Set<String> missing = new TreeSet<>(pluginsUsed);
        missing.removeAll(plugins);
        if (!missing.isEmpty()) {
            return new Push(revision, null, missing, false);
        }
        if (!forceSnapshot && held == revision && hash.equals(heldHash)) {
            return null;
        }
        if (!forceSnapshot && held > 0 && held < revision) {
            if (lastDelta != null && lastDelta.fromRevision() == held) {
                if (lastDeltaText == null) {
                    lastDeltaText = SyncCodec.write(lastDelta);
                }
                return Push.of(revision, lastDeltaText);
            }
            Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, held, maxDeltaChanges, forms);
            if (changes.isPresent() && changes.get().revision() == revision) {
                PlaneConfigs.Changes found = changes.get();
                return Push.of(revision, SyncCodec.write(new Delta(held, found.revision(), hash,
                        found.upsertEntities(), found.deletes())));
            }
        }
        if (snapshotText == null) {
            snapshotText = snapshotText(revision, hash, latest.values());
        }
        return Push.of(revision, snapshotText);
    }

    /** The hash of the latest config, for the expected-config-hash API. */
    synchronized String hash() {
        if (latest == null) {
            refresh();
        }
        return gone ? null : hash;
    }

    /**
     * The snapshot message, written as {@link SyncCodec#write} writes a {@link Snapshot} (its envelope comes from
     * there) but with each entity's encoding taken as it is instead of encoding 100,000 entity trees again.
     */
    static String snapshotText(long revision, String hash, Collection<WireEntities.WireEntity> entities) {
        String envelope = SyncCodec.write(new Snapshot(revision, hash, List.of()));
        String empty = "\"config\":[]";
        int at = envelope.lastIndexOf(empty);
        if (at < 0) {
            throw new IllegalStateException("unexpected snapshot encoding: " + envelope);
        }
        long size = envelope.length();
        for (WireEntities.WireEntity entity : entities) {
            size += entity.json().length() + 1;
        }
        StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, size));
        text.append(envelope, 0, at).append("\"config\":[");
        boolean first = true;
        for (WireEntities.WireEntity entity : entities) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(entity.json());
        }
        return text.append(']').append(envelope, at + empty.length(), envelope.length()).toString();
    }

    private void rebuild() {
        Optional<PlaneConfigs.Config> snapshot = configs.snapshot(controlPlaneId, forms);
        if (snapshot.isEmpty()) {
            gone = true;
            return;
        }
        TreeMap<EntityKey, WireEntities.WireEntity> all = new TreeMap<>();
        for (WireEntities.WireEntity entity : snapshot.get().entities()) {
            all.put(entity.key(), entity);
        }
        if (latest != null) {
            // A rebuild after a compaction or a large change: entities gone since are dropped from the cache.
            latest.keySet().stream().filter(key -> !all.containsKey(key)).forEach(key -> forms.forget(key.id()));
        }
        latest = all;
        lastDelta = null;
        lastDeltaText = null;
        installed(snapshot.get().revision());
    }

    /** The latest entities changed: new revision, hash recombined from the digests, snapshot to be re-encoded. */
    private void installed(long newRevision) {
        revision = newRevision;
        hash = ConfigHash.combine(() -> latest.values().stream().map(WireEntities.WireEntity::digest).iterator());
        snapshotText = null;
        Set<String> used = new TreeSet<>();
        for (WireEntities.WireEntity plugin : latest.subMap(new EntityKey("plugin", "\0"), true,
                new EntityKey("plugin", "\uffff"), true).values()) {
            JsonNode document = plugin.entity().document();
            if (document != null && document.hasNonNull("name")) {
                used.add(document.get("name").asString());
            }
        }
        pluginsUsed = Set.copyOf(used);
    }
}
