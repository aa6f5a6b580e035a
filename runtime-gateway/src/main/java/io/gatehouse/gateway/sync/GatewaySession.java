package io.gatehouse.gateway.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of one sync session, one message at a time (the caller serializes calls).
 *
 * <pre>
 *   snapshot ──► build config, check hash ─┐ (few entities differ from the config held: as the delta between them)
 *   delta ─────► holds from_revision? ─ no ──► resync
 *                 │ yes: apply, check hash ─ mismatch ──► resync
 *                 ▼                        ┘
 *   ConfigCheck ─ problems ──► nack, keep serving the old config
 *   applier.prepare ─ rejected ──► nack, keep serving the old config
 *   cache.write (a snapshot: the whole config; a delta: one journal record) ─► activate (atomic swap) ─► ack
 * </pre>
 * A failed cache write does not stop the apply: the gateway serves the new config and reports the cache
 * problem in its status, since refusing a valid config because of a full disk would serve stale routes.
 */
final class GatewaySession {

    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);

    private final SyncClient client;
    private final Consumer<SyncMessage> send;

    GatewaySession(SyncClient client, Consumer<SyncMessage> send) {
        this.client = client;
        this.send = send;
    }

    void onMessage(SyncMessage message) {
        onMessage(message, 0, ApplyTimings.threadCpuNanos());
    }

    /**
     * Handles a message that took {@code decodeNanos} to decode, this thread's CPU time having been
     * {@code cpuStart} when decoding began (both reported in the apply's timings).
     */
    void onMessage(SyncMessage message, long decodeNanos, long cpuStart) {
        if (message instanceof Snapshot snapshot) {
            onSnapshot(snapshot, decodeNanos, cpuStart);
        }
        else if (message instanceof Delta delta) {
            onDelta(delta, decodeNanos, cpuStart);
        }
        else {
            log.warn("Ignoring a {} message from the control plane", message.getClass().getSimpleName());
        }
    }

    private void onSnapshot(Snapshot snapshot, long decodeNanos, long cpuStart) {
        long start = System.nanoTime();
        SyncedConfig candidate = SyncedConfig.of(snapshot.revision(), snapshot.config());
        if (!candidate.hash().equals(snapshot.hash())) {
            // a sender that does not send canonical JSON (an older control plane): hash the canonical encoding
            log.info("Revision {}: the documents' bytes do not hash to the snapshot's hash; hashing them re-encoded "
                    + "canonically", snapshot.revision());
            candidate = candidate.canonicalized();
        }
        long hashNanos = System.nanoTime() - start;
        if (!candidate.hash().equals(snapshot.hash())) {
            nack(snapshot.revision(), "the snapshot's hash does not match its entities",
                    List.of("expected " + snapshot.hash() + ", computed " + candidate.hash()));
            return;
        }
        // A snapshot close to the config held (a reconnect, a compacted change log) is applied as the delta between
        // them: the entities it does not change keep their readings, and the runtime is patched, not recompiled.
        SyncedConfig current = client.current();
        Delta changes = current.isEmpty() ? null : current.diff(candidate, DeltaPatch.MAX_CHANGES);
        if (changes != null) {
            SyncedConfig patched = current.apply(changes);
            if (patched.hash().equals(candidate.hash())) {
                install(patched, changes, snapshot.config().size(), decodeNanos, System.nanoTime() - start, cpuStart);
                return;
            }
        }
        install(candidate, null, snapshot.config().size(), decodeNanos, hashNanos, cpuStart);
    }

    private void onDelta(Delta delta, long decodeNanos, long cpuStart) {
        SyncedConfig current = client.current();
        if (delta.fromRevision() != current.revision()) {
            send.accept(new ResyncRequest("holds revision " + current.revision() + ", the delta starts at "
                    + delta.fromRevision()));
            return;
        }
        long start = System.nanoTime();
        SyncedConfig candidate = current.apply(delta);
        if (!candidate.hash().equals(delta.hash())) {
            log.info("Revision {}: the documents' bytes do not hash to the delta's hash; hashing them re-encoded "
                    + "canonically", delta.revision());
            candidate = current.apply(delta, true);
        }
        long hashNanos = System.nanoTime() - start;
        if (!candidate.hash().equals(delta.hash())) {
            send.accept(new ResyncRequest("hash " + candidate.hash() + " after the delta to revision "
                    + delta.revision() + ", expected " + delta.hash()));
            return;
        }
        install(candidate, delta, delta.upserts().size(), decodeNanos, hashNanos, cpuStart);
    }

    /** Checks, compiles, caches and swaps in {@code candidate}, which {@code delta} made (null: a snapshot). */
    private void install(SyncedConfig candidate, Delta delta, int carried, long decodeNanos, long hashNanos,
            long cpuStart) {
        SyncedConfig before = client.current();
        long checkStart = System.nanoTime();
        List<String> problems = delta == null ? ConfigCheck.problems(candidate)
                : ConfigCheck.problems(candidate, delta.upserts().stream().map(u -> candidate.entity(u.key())).toList());
        long compileStart = System.nanoTime();
        if (!problems.isEmpty()) {
            nack(candidate.revision(), "the config does not validate on this gateway", problems);
            return;
        }
        Runnable activation;
        try {
            activation = delta == null ? client.applier().prepare(candidate)
                    : client.applier().prepare(before, delta, candidate);
        }
        catch (ConfigApplier.RejectedConfigException ex) {
            nack(candidate.revision(), ex.getMessage(), ex.details());
            return;
        }
        long cacheStart = System.nanoTime();
        String cacheProblem = null;
        try {
            if (delta == null) {
                client.cache().write(candidate);
            }
            else {
                client.cache().write(before, delta, candidate);
            }
        }
        catch (IOException | RuntimeException ex) {
            cacheProblem = "could not write the config cache: " + ex.getMessage();
            log.warn("Applying revision {} without caching it: {}", candidate.revision(), cacheProblem);
        }
        long swapStart = System.nanoTime();
        activation.run();
        long end = System.nanoTime();
        ApplyTimings timings = new ApplyTimings(candidate.revision(), candidate.entities().size(), carried,
                Duration.ofNanos(decodeNanos), Duration.ofNanos(hashNanos), Duration.ofNanos(compileStart - checkStart),
                Duration.ofNanos(cacheStart - compileStart), Duration.ofNanos(swapStart - cacheStart),
                Duration.ofNanos(end - swapStart), Duration.ofNanos(ApplyTimings.threadCpuNanos() - cpuStart));
        log.info("Applied {}", timings);
        client.applied(candidate, cacheProblem, timings);
        send.accept(new Ack(candidate.revision(), candidate.hash()));
    }

    private void nack(long revision, String error, List<String> details) {
        log.warn("Rejecting revision {}: {} {}", revision, error, details);
        client.rejected(error);
        send.accept(new Nack(revision, error, details));
    }
}
