package io.gatehouse.platform.analytics;

import java.util.Locale;

/** What a series measures. Latencies are in milliseconds; error rate is the share of 4xx and 5xx responses. */
public enum TrafficMetric {

    REQUESTS("requests"),
    REQUESTS_PER_SECOND("requests/s"),
    ERROR_RATE("ratio"),
    LATENCY_P50("ms"),
    LATENCY_P95("ms"),
    LATENCY_P99("ms"),
    UPSTREAM_LATENCY_P50("ms"),
    UPSTREAM_LATENCY_P95("ms"),
    UPSTREAM_LATENCY_P99("ms"),
    BYTES_IN("bytes"),
    BYTES_OUT("bytes");

    private final String unit;

    TrafficMetric(String unit) {
        this.unit = unit;
    }

    /** The unit of the values. */
    public String unit() {
        return unit;
    }

    /** The wire name ({@code latency_p95}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an empty period is 0 (counts) rather than no value (ratios and latencies). */
    boolean countsZero() {
        return this == REQUESTS || this == REQUESTS_PER_SECOND || this == BYTES_IN || this == BYTES_OUT;
    }
}
