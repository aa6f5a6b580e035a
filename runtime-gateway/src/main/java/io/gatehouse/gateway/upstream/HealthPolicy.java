package io.gatehouse.gateway.upstream;

import java.time.Duration;
import java.util.Set;

/**
 * Health-check settings of an upstream.
 *
 * @param passiveFailureThreshold  consecutive failures that open the circuit (0 disables passive checks)
 * @param openFor                  how long an open circuit keeps the target out of rotation
 * @param failureStatuses          upstream statuses counted as failures
 * @param activePath               path probed by active checks; null disables them
 * @param activeInterval           time between probes
 * @param activeTimeout            probe timeout
 * @param activeHealthyStatuses    probe statuses that count as success
 * @param activeHealthyThreshold   consecutive successful probes that mark a target healthy
 * @param activeUnhealthyThreshold consecutive failed probes that mark a target unhealthy
 */
public record HealthPolicy(
        int passiveFailureThreshold,
        Duration openFor,
        Set<Integer> failureStatuses,
        String activePath,
        Duration activeInterval,
        Duration activeTimeout,
        Set<Integer> activeHealthyStatuses,
        int activeHealthyThreshold,
        int activeUnhealthyThreshold) {

    public HealthPolicy {
        failureStatuses = Set.copyOf(failureStatuses);
        activeHealthyStatuses = Set.copyOf(activeHealthyStatuses);
    }

    /** Passive checks on 500/502/503/504 opening after 5 failures for 30 s; no active probes. */
    public static HealthPolicy defaults() {
        return new HealthPolicy(5, Duration.ofSeconds(30), Set.of(500, 502, 503, 504), null,
                Duration.ofSeconds(10), Duration.ofSeconds(1), Set.of(200, 302), 2, 2);
    }

    public HealthPolicy withPassive(int threshold, Duration open) {
        return new HealthPolicy(threshold, open, failureStatuses, activePath, activeInterval, activeTimeout,
                activeHealthyStatuses, activeHealthyThreshold, activeUnhealthyThreshold);
    }

    public HealthPolicy withActive(String path, Duration interval, int healthyThreshold, int unhealthyThreshold) {
        return new HealthPolicy(passiveFailureThreshold, openFor, failureStatuses, path, interval, activeTimeout,
                activeHealthyStatuses, healthyThreshold, unhealthyThreshold);
    }
}
