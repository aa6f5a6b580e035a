package io.gatehouse.platform.analytics;

import java.time.Instant;

import org.HdrHistogram.Histogram;

/** One row of an analytics table, histograms decoded. */
record TrafficRow(Instant bucketStart, String service, String route, String consumer, int statusClass, long requests,
        long bytesIn, long bytesOut, Histogram latency, Histogram upstreamLatency) {
}
