package io.gatehouse.gateway.analytics;

import org.HdrHistogram.Histogram;

/**
 * The counters and latency histograms of one key in one bucket. Not thread-safe: a cell is written by one
 * thread at a time (its stripe's owner, or the flusher after the stripe was swapped out).
 */
final class TrafficCell {

    /** Two significant digits: any recorded value is reported within 1 % of itself. */
    static final int SIGNIFICANT_DIGITS = 2;

    long requests;
    long bytesIn;
    long bytesOut;
    final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
    final Histogram upstreamLatency = new Histogram(SIGNIFICANT_DIGITS);

    void record(long bytesIn, long bytesOut, long latencyMicros, long upstreamMicros) {
        requests++;
        this.bytesIn += Math.max(0, bytesIn);
        this.bytesOut += Math.max(0, bytesOut);
        latency.recordValue(Math.max(0, latencyMicros));
        if (upstreamMicros >= 0) {
            upstreamLatency.recordValue(upstreamMicros);
        }
    }

    void add(TrafficCell other) {
        requests += other.requests;
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        latency.add(other.latency);
        upstreamLatency.add(other.upstreamLatency);
    }
}
