package io.gatehouse.gateway.upstream;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatehouse.gateway.upstream.HealthPolicy.Failure;

/**
 * The live state of one target: in-flight requests (for least-connections) and health.
 *
 * <p>Health has two inputs. Passive checks count consecutive failures of proxied requests, each kind
 * (HTTP status, TCP, timeout) on its own counter against its own threshold, as Kong does; a threshold of 0
 * leaves that kind uncounted. At a threshold the circuit opens and the target receives no traffic until
 * {@code openFor} has passed, after which one request may probe it (half-open): a success closes the circuit,
 * a failure opens it again. Active checks set the health directly from probe results, with the same per-kind
 * counting; a probe status that is neither healthy nor unhealthy counts as neither.
 */
public final class TargetState {

    private final Target target;
    private final HealthPolicy policy;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Failure, AtomicInteger> failures = counters();
    private final AtomicInteger probeSuccesses = new AtomicInteger();
    private final Map<Failure, AtomicInteger> probeFailures = counters();
    private volatile Instant openUntil = Instant.MIN;
    /** The circuit has opened and no request has succeeded since: past openUntil it is half-open. */
    private volatile boolean tripped;
    private volatile boolean activeHealthy = true;

    TargetState(Target target, HealthPolicy policy, Clock clock) {
        this.target = target;
        this.policy = policy;
        this.clock = clock;
    }

    public Target target() {
        return target;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Whether the balancer may send traffic here now. */
    public boolean healthy() {
        return activeHealthy && !clock.instant().isBefore(openUntil);
    }

    void acquire() {
        inFlight.incrementAndGet();
    }

    void release() {
        inFlight.decrementAndGet();
    }

    /** A proxied request to this target succeeded (a response that is not a counted failure). */
    public void recordSuccess() {
        reset(failures);
        tripped = false;
    }

    /** A proxied request failed: a status counted as failure, a connection that failed, or a timeout. */
    public void recordFailure(Failure failure) {
        int threshold = policy.passive().of(failure);
        if (threshold == 0) {
            return;
        }
        if (tripped || failures.get(failure).incrementAndGet() >= threshold) {
            openUntil = clock.instant().plus(policy.openFor());
            reset(failures);
            tripped = true;
        }
    }

    /** A probe answered with a status the policy calls healthy. */
    void recordProbeSuccess() {
        reset(probeFailures);
        int threshold = policy.activeHealthyThreshold();
        if (threshold > 0 && probeSuccesses.incrementAndGet() >= threshold) {
            activeHealthy = true;
        }
    }

    /** A probe failed in this way (an HTTP failure is a status the policy calls unhealthy). */
    void recordProbeFailure(Failure failure) {
        int threshold = policy.activeUnhealthy().of(failure);
        if (threshold == 0) {
            return;
        }
        probeSuccesses.set(0);
        if (probeFailures.get(failure).incrementAndGet() >= threshold) {
            activeHealthy = false;
        }
    }

    private static Map<Failure, AtomicInteger> counters() {
        Map<Failure, AtomicInteger> counters = new EnumMap<>(Failure.class);
        for (Failure failure : Failure.values()) {
            counters.put(failure, new AtomicInteger());
        }
        return counters;
    }

    private static void reset(Map<Failure, AtomicInteger> counters) {
        counters.values().forEach(counter -> counter.set(0));
    }
}
