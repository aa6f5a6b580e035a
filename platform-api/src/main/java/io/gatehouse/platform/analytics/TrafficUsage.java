package io.gatehouse.platform.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The traffic of a set of {@link TrafficSource}s over [from, to): figures over the whole range, per period, and
 * per part (control plane × service), all from merged rows — percentiles of merged histograms.
 *
 * @param granularity the period of {@code periods}
 * @param total       the whole range
 * @param periods     one per period, oldest first, empty periods included
 * @param parts       per control plane and service, busiest first
 */
public record TrafficUsage(Instant from, Instant to, Granularity granularity, Figures total, List<Period> periods,
        List<Part> parts) {

    /**
     * What the usage pages show.
     *
     * @param requests     responses of every status
     * @param clientErrors 4xx responses
     * @param serverErrors 5xx responses
     * @param p50          gateway latency percentiles in ms, {@code null} without requests
     */
    public record Figures(long requests, long clientErrors, long serverErrors, Double p50, Double p95, Double p99) {

        /** The share of 4xx and 5xx responses, {@code null} without requests. */
        public Double errorRate() {
            return requests == 0 ? null : (clientErrors + serverErrors) / (double) requests;
        }
    }

    /** One period's figures. */
    public record Period(Instant t, Figures figures) {
    }

    /** The figures of one service of one control plane. */
    public record Part(UUID controlPlane, String service, Figures figures) {
    }
}
