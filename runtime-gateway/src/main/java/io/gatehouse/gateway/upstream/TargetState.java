package io.gatehouse.gateway.upstream;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one target: in-flight requests (for least-connections) and health.
 *
 * <p>Health has two inputs. Passive checks count consecutive failures of proxied requests; at the
 * threshold the circuit opens and the target receives no traffic until {@code openFor} has passed, after
 * which one request may probe it (half-open): a success closes the circuit, a failure opens it again.
 * Active checks set the health directly from probe results.
 */
public final class TargetState {

    private final Target target;
    private final HealthPolicy policy;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger probeSuccesses = new AtomicInteger();
    private final AtomicInteger probeFailures = new AtomicInteger();
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
        consecutiveFailures.set(0);
        tripped = false;
    }

    /** A proxied request failed (connect error, timeout, or a status counted as failure). */
    public void recordFailure() {
        int failures = consecutiveFailures.incrementAndGet();
        if (policy.passiveFailureThreshold() > 0 && (tripped || failures >= policy.passiveFailureThreshold())) {
            openUntil = clock.instant().plus(policy.openFor());
            consecutiveFailures.set(0);
            tripped = true;
        }
    }

    void recordProbe(boolean success) {
        if (success) {
            probeFailures.set(0);
            if (probeSuccesses.incrementAndGet() >= policy.activeHealthyThreshold()) {
                activeHealthy = true;
            }
        } else {
            probeSuccesses.set(0);
            if (probeFailures.incrementAndGet() >= policy.activeUnhealthyThreshold()) {
                activeHealthy = false;
            }
        }
    }
}
