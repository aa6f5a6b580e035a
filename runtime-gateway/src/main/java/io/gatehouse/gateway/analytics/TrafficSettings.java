package io.gatehouse.gateway.analytics;

import java.time.Duration;

/**
 * How the gateway aggregates traffic.
 *
 * @param bucket         the length of a time bucket (10 s)
 * @param maxKeys        distinct service × route × consumer × status-class keys kept per bucket; further keys are
 *                       folded into one {@code ~other} row per status class (counts stay exact, the breakdown is lost)
 * @param maxReports     closed reports kept while the control plane is away; the oldest is dropped beyond it
 * @param closeAfter     how long after a bucket's end it is closed (requests still completing land in it)
 */
public record TrafficSettings(Duration bucket, int maxKeys, int maxReports, Duration closeAfter) {

    /** 10 s buckets, 2,000 keys per bucket, 720 reports (two hours of 10 s buckets), closed 1 s after their end. */
    public static final TrafficSettings DEFAULTS = new TrafficSettings(Duration.ofSeconds(10), 2_000, 720,
            Duration.ofSeconds(1));

    public TrafficSettings {
        if (bucket == null || bucket.toSeconds() < 1 || bucket.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the bucket must be a whole number of seconds, got " + bucket);
        }
        if (maxKeys < 1 || maxReports < 1) {
            throw new IllegalArgumentException("maxKeys and maxReports must be positive");
        }
        closeAfter = closeAfter == null || closeAfter.isNegative() ? Duration.ZERO : closeAfter;
    }
}
