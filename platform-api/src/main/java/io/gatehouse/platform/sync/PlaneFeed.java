package io.gatehouse.platform.sync;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncedConfig;

/**
 * What this replica knows of one control plane that has sessions here: its latest config (entities and
 * per-entity digests, so the hash of each new revision costs only the changed entities), the delta into
 * that revision and the snapshot of it, each encoded at most once and shared by every session. So a
 * change reaching 200 gateways costs one change-log read and one encoding, not 200.
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

    private SyncedConfig latest;
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
        return gone ? -1 : latest.revision();
    }

    /** Brings the feed up to at least {@code revision} (no database read if it is there already). */
    synchronized void advance(long revision) {
        if (latest != null && latest.revision() >= revision) {
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
        Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, latest.revision(), maxDeltaChanges);
        if (changes.isEmpty()) {
            rebuild();
            return;
        }
        PlaneConfigs.Changes found = changes.get();
        if (found.revision() == latest.revision()) {
            return;
        }
        Delta unhashed = new Delta(found.fromRevision(), found.revision(), "", found.upserts(), found.deletes());
        SyncedConfig next = latest.apply(unhashed);
        lastDelta = new Delta(found.fromRevision(), found.revision(), next.hash(), found.upserts(), found.deletes());
        lastDeltaText = null;
        install(next);
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
            return new Push(latest.revision(), null, missing, false);
        }
        if (!forceSnapshot && held == latest.revision() && latest.hash().equals(heldHash)) {
            return null;
        }
        if (!forceSnapshot && held > 0 && held < latest.revision()) {
            if (lastDelta != null && lastDelta.fromRevision() == held) {
                if (lastDeltaText == null) {
                    lastDeltaText = SyncCodec.write(lastDelta);
                }
                return Push.of(latest.revision(), lastDeltaText);
            }
            Optional<PlaneConfigs.Changes> changes = configs.changesSince(controlPlaneId, held, maxDeltaChanges);
            if (changes.isPresent() && changes.get().revision() == latest.revision()) {
                PlaneConfigs.Changes found = changes.get();
                return Push.of(latest.revision(), SyncCodec.write(new Delta(held, found.revision(), latest.hash(),
                        found.upserts(), found.deletes())));
            }
        }
        if (snapshotText == null) {
            snapshotText = SyncCodec.write(new Snapshot(latest.revision(), latest.hash(),
                    List.copyOf(latest.entities().values())));
        }
        return Push.of(latest.revision(), snapshotText);
    }

    /** The hash of the latest config, for the expected-config-hash API. */
    synchronized String hash() {
        if (latest == null) {
            refresh();
        }
        return gone ? null : latest.hash();
    }

    private void rebuild() {
        Optional<PlaneConfigs.Config> snapshot = configs.snapshot(controlPlaneId);
        if (snapshot.isEmpty()) {
            gone = true;
            return;
        }
        lastDelta = null;
        lastDeltaText = null;
        install(SyncedConfig.of(snapshot.get().revision(), snapshot.get().entities()));
    }

    private void install(SyncedConfig next) {
        latest = next;
        snapshotText = null;
        Set<String> used = new TreeSet<>();
        for (SyncEntity plugin : next.ofType("plugin")) {
            if (plugin.document() != null && plugin.document().hasNonNull("name")) {
                used.add(plugin.document().get("name").asString());
            }
        }
        pluginsUsed = Set.copyOf(used);
    }
}
