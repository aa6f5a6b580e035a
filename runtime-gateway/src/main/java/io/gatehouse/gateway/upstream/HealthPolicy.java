package io.gatehouse.gateway.upstream;

import java.time.Duration;
import java.util.Set;

/**
 * Health-check settings of an upstream, with Kong's semantics: each kind of failure has its own threshold of
 * consecutive failures, and a threshold of 0 means that kind is not counted at all.
 *
 * @param passive                  failures of proxied requests that open the circuit
 * @param openFor                  how long an open circuit keeps the target out of rotation
 * @param failureStatuses          upstream statuses counted as passive HTTP failures
 * @param activePath               path probed by active checks; null disables them
 * @param activeInterval           time between probes
 * @param activeTimeout            probe timeout
 * @param activeHealthyStatuses    probe statuses that count as success
 * @param activeUnhealthyStatuses  probe statuses that count as HTTP failures (others count as neither)
 * @param activeHealthyThreshold   consecutive successful probes that mark a target healthy (0: probes never do)
 * @param activeUnhealthy          failed probes that mark a target unhealthy
 */
public record HealthPolicy(
        Thresholds passive,
        Duration openFor,
        Set<Integer> failureStatuses,
        String activePath,
        Duration activeInterval,
        Duration activeTimeout,
        Set<Integer> activeHealthyStatuses,
        Set<Integer> activeUnhealthyStatuses,
        int activeHealthyThreshold,
        Thresholds activeUnhealthy) {

    /** The kinds of failure a target is counted for. */
    public enum Failure {
        /** A response with a status counted as failure. */
        HTTP,
        /** No response: the connection failed, was reset or refused the stream. */
        TCP,
        /** No response in time. */
        TIMEOUT
    }

    /** Consecutive failures of each kind that count a target unhealthy; 0 leaves that kind uncounted. */
    public record Thresholds(int http, int tcp, int timeouts) {

        public static final Thresholds OFF = new Thresholds(0, 0, 0);

        /** The same threshold for every kind. */
        public static Thresholds all(int threshold) {
            return new Thresholds(threshold, threshold, threshold);
        }

        int of(Failure failure) {
            return switch (failure) {
                case HTTP -> http;
                case TCP -> tcp;
                case TIMEOUT -> timeouts;
            };
        }

        boolean any() {
            return http > 0 || tcp > 0 || timeouts > 0;
        }
    }

    public HealthPolicy {
        failureStatuses = Set.copyOf(failureStatuses);
        activeHealthyStatuses = Set.copyOf(activeHealthyStatuses);
        activeUnhealthyStatuses = Set.copyOf(activeUnhealthyStatuses);
    }

    /** Passive checks on 500/502/503/504 opening after 5 failures of any kind for 30 s; no active probes. */
    public static HealthPolicy defaults() {
        return new HealthPolicy(Thresholds.all(5), Duration.ofSeconds(30), Set.of(500, 502, 503, 504), null,
                Duration.ofSeconds(10), Duration.ofSeconds(1), Set.of(200, 302),
                Set.of(429, 404, 500, 501, 502, 503, 504, 505), 2, Thresholds.all(2));
    }

    /** Passive checks opening after {@code threshold} consecutive failures of any one kind (0 disables them). */
    public HealthPolicy withPassive(int threshold, Duration open) {
        return new HealthPolicy(Thresholds.all(threshold), open, failureStatuses, activePath, activeInterval,
                activeTimeout, activeHealthyStatuses, activeUnhealthyStatuses, activeHealthyThreshold, activeUnhealthy);
    }

    /** Active probes of {@code path}; {@code unhealthyThreshold} applies to every kind of failed probe. */
    public HealthPolicy withActive(String path, Duration interval, int healthyThreshold, int unhealthyThreshold) {
        return new HealthPolicy(passive, openFor, failureStatuses, path, interval, activeTimeout, activeHealthyStatuses,
                activeUnhealthyStatuses, healthyThreshold, Thresholds.all(unhealthyThreshold));
    }
}
