package io.gatehouse.gateway.sync;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": attempt n waits half of {@code min(max, initial × 2^n)} plus a
 * random share of the other half, so a fleet of gateways that lost the same control plane does not dial
 * back in lockstep, while none retries sooner than half its nominal delay.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int attempts;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before the next dial; each call doubles the nominal delay up to the maximum. */
    Duration next() {
        long nominal = nominalMillis(attempts);
        attempts = Math.min(attempts + 1, 62);
        long half = nominal / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /** The longest wait (after a close that retrying soon cannot fix). */
    Duration longest() {
        attempts = 62;
        return next();
    }

    /** Starts over after a successful session. */
    void reset() {
        attempts = 0;
    }

    private long nominalMillis(int n) {
        long base = initial.toMillis();
        long cap = max.toMillis();
        return n >= 30 ? cap : Math.min(cap, base << n);
    }
}
