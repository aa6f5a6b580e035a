package io.gatehouse.platform.sync;

import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.sync.EntityKey;

/**
 * What this replica knows of one control plane that has sessions here: its latest config (each entity's stored
 * wire form: canonical document and digest, see {@link WireEntities}), the delta into that revision and the
 * snapshot of it, each written at most once and shared by every session. So a change reaching 200 gateways costs
 * one change-log read and one message, not 200; and a new revision costs only the entities it changed: the
 * config hash is recombined from the per-entity digests, and a snapshot is the concatenation of the stored
 * documents.
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
    final Set<HubSession> sessions = ConcurrentHashMap.newKeySet();

    /** The latest config by (type, id), the order of the config hash; {@code null} until first read. */
    private TreeMap<EntityKey, WireEntities.WireEntity> latest;
    private long revision;
    private String hash;
    private Set<String> pluginsUsed = Set.of();
    private PlaneConfigs.Changes lastDelta;
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
        Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, revision, maxDeltaChanges);
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
        }
        for (WireEntities.WireEntity entity : found.upserts()) {
            latest.put(entity.key(), entity);
        }
        installed(found.revision());
        lastDelta = found;
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
                    lastDeltaText = deltaText(lastDelta);
                }
                return Push.of(revision, lastDeltaText);
            }
            Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, held, maxDeltaChanges);
            if (changes.isPresent() && changes.get().revision() == revision) {
                return Push.of(revision, deltaText(changes.get()));
            }
        }
        if (snapshotText == null) {
            snapshotText = WireEntities.snapshotText(revision, hash, latest.values());
        }
        return Push.of(revision, snapshotText);
    }

    /**
     * The latest revision and its hash after catching up with the database (one change-log read), for the
     * expected-config-hash API; empty when the control plane is gone.
     */
    synchronized Optional<PlaneConfigs.HashAt> latestHash() {
        refresh();
        return gone ? Optional.empty() : Optional.of(new PlaneConfigs.HashAt(revision, hash));
    }

    /** A delta into the latest revision: its hash is the feed's, its upserts the stored documents. */
    private String deltaText(PlaneConfigs.Changes changes) {
        return WireEntities.deltaText(changes.fromRevision(), changes.revision(), hash, changes.upserts(),
                changes.deletes());
    }

    private void rebuild() {
        Optional<PlaneConfigs.Config> snapshot = configs.snapshot(controlPlaneId);
        if (snapshot.isEmpty()) {
            gone = true;
            return;
        }
        TreeMap<EntityKey, WireEntities.WireEntity> all = new TreeMap<>();
        for (WireEntities.WireEntity entity : snapshot.get().entities()) {
            all.put(entity.key(), entity);
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
            if (plugin.plugin() != null) {
                used.add(plugin.plugin());
            }
        }
        pluginsUsed = Set.copyOf(used);
    }
}
