package io.gatehouse.gateway.sync;

import java.time.Duration;

/**
 * Where the time of one applied revision went, phase by phase, as the gateway logs it and the config apply
 * benchmark reports it. A phase that did not run (no decode for a cached config) is zero.
 *
 * @param revision the revision applied
 * @param entities how many entities it holds
 * @param upserts  entities the message carried (the whole config for a snapshot)
 * @param decode   JSON text to messages
 * @param hash     per-entity digests and the config hash
 * @param check    {@link ConfigCheck}: every changed entity read as its definition
 * @param compile  validation and compilation by the runtime ({@link ConfigApplier#prepare})
 * @param cache    the disk cache write (fsync included)
 * @param swap     the atomic swap into the runtime
 * @param cpu      CPU time the sync thread spent on all of it (wall time minus waiting for a busy machine's cores)
 */
public record ApplyTimings(long revision, int entities, int upserts, Duration decode, Duration hash, Duration check,
        Duration compile, Duration cache, Duration swap, Duration cpu) {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
        .getThreadMXBean();

    /** This thread's CPU time so far (0 where the JVM cannot tell). */
    static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** From the start of decoding to the swap. */
    public Duration total() {
        return decode.plus(hash).plus(check).plus(compile).plus(cache).plus(swap);
    }

    @Override
    public String toString() {
        return "revision " + revision + " (" + entities + " entities, " + upserts + " carried) in " + total().toMillis()
                + " ms: decode " + decode.toMillis() + ", hash " + hash.toMillis() + ", check " + check.toMillis()
                + ", compile " + compile.toMillis() + ", cache " + cache.toMillis() + ", swap " + swap.toMillis()
                + " (CPU " + cpu.toMillis() + " ms)";
    }
}
