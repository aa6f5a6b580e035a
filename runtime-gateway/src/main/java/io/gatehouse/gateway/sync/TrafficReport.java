package io.gatehouse.gateway.sync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Gateway → control plane: the traffic of closed time buckets. Sent only after the control plane announced it
 * takes traffic reports (a {@link TrafficAck} with {@code seq} 0 right after hello); resent after a reconnect
 * until acknowledged, so the control plane stores each (node, {@code stream}, {@code seq}) at most once.
 *
 * @param stream        an id the gateway process chose at start; {@code seq} counts within it
 * @param seq           1, 2, 3 … within the stream
 * @param bucketSeconds the length of every bucket in the report (10)
 * @param buckets       the buckets, each with its rows
 */
public record TrafficReport(
        String stream,
        long seq,
        @JsonProperty("bucket_seconds") int bucketSeconds,
        List<Bucket> buckets) implements SyncMessage {

    public TrafficReport {
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
    }

    /**
     * One time bucket.
     *
     * @param start the bucket's start, in seconds since the epoch (a multiple of the bucket length)
     * @param rows  one row per service × route × consumer × status class seen in the bucket
     */
    public record Bucket(long start, List<Row> rows) {

        public Bucket {
            rows = rows == null ? List.of() : List.copyOf(rows);
        }
    }

    /**
     * The traffic of one key in one bucket. Ids are the config entities' ids; {@code ""} means none (no route
     * matched, no consumer authenticated); {@link #OVERFLOW} in all three when the gateway's key limit folded the
     * row. Latencies are HdrHistograms in microseconds, compressed and base64-encoded
     * ({@code encodeIntoCompressedByteBuffer}); {@code upstream_latency} only counts requests that reached an upstream.
     *
     * @param service         the service id
     * @param route           the route id
     * @param consumer        the consumer id
     * @param statusClass     1–5 for 1xx–5xx, 0 when no response was sent
     * @param requests        how many requests
     * @param bytesIn         request body bytes received from clients
     * @param bytesOut        response body bytes sent to clients
     * @param latency         gateway latency (first byte in to completion)
     * @param upstreamLatency upstream latency (request sent to response head)
     */
    public record Row(
            String service,
            String route,
            String consumer,
            @JsonProperty("status_class") int statusClass,
            long requests,
            @JsonProperty("bytes_in") long bytesIn,
            @JsonProperty("bytes_out") long bytesOut,
            String latency,
            @JsonProperty("upstream_latency") String upstreamLatency) {

        /** The id put in service, route and consumer of a row that holds keys beyond the gateway's limit. */
        public static final String OVERFLOW = "~other";
    }
}
