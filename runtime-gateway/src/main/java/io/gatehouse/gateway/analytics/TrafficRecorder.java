package io.gatehouse.gateway.analytics;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import io.gatehouse.gateway.sync.TrafficReport;

/**
 * Aggregates the gateway's traffic per time bucket × service × route × consumer × status class: request count,
 * bytes in and out, and HdrHistograms of gateway and upstream latency (mergeable, so the control plane can
 * compute percentiles over any set of buckets, gateways and keys).
 *
 * <p>Recording ({@link #record}) never blocks and allocates little more than a key's first cell in a bucket: each
 * recording thread (a Netty event loop) writes its own {@link Stripe}. {@link #flush} — called every second by one
 * thread — does nothing until a bucket ended (plus {@link TrafficSettings#closeAfter()}); then it swaps the stripes'
 * maps out, merges them into the open buckets, and turns every ended bucket into a {@link TrafficReport} in the
 * {@link TrafficOutbox}. A request that
 * completes in bucket b but is recorded after b was closed is shipped in a later report, still under b: the
 * control plane adds rows, so nothing is lost or counted twice.
 *
 * <p>Memory is bounded: at most {@link TrafficSettings#maxKeys()} keys per bucket (beyond, rows fold into one
 * {@code ~other} row per status class), and at most {@link TrafficSettings#maxReports()} reports waiting for the
 * control plane (beyond, the oldest is dropped). Both are counted in {@code /metrics}.
 */
public final class TrafficRecorder {

    private final TrafficSettings settings;
    private final Clock clock;
    private final long bucketMillis;
    private final ThreadLocal<Stripe> stripe;
    private final List<Stripe> stripes = new CopyOnWriteArrayList<>();
    private final LongAdder folded = new LongAdder();
    private final TreeMap<Long, Map<TrafficKey, TrafficCell>> open = new TreeMap<>();
    private final TrafficOutbox outbox;
    private final String stream = UUID.randomUUID().toString();
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder recorded = new LongAdder();
    /** The bucket index below which everything was closed at the last drain (flush only, under its lock). */
    private long lastDrain = Long.MIN_VALUE;

    public TrafficRecorder(TrafficSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.bucketMillis = settings.bucket().toMillis();
        this.outbox = new TrafficOutbox(settings.maxReports());
        this.stripe = ThreadLocal.withInitial(() -> {
            Stripe created = new Stripe(settings.maxKeys(), folded);
            stripes.add(created);
            return created;
        });
    }

    /**
     * One request completed.
     *
     * @param service        the service id, {@code ""} when no route matched
     * @param route          the route id, {@code ""} when no route matched
     * @param consumer       the authenticated consumer's id, {@code ""} for none
     * @param status         the response status, 0 when none was sent
     * @param bytesIn        request body bytes
     * @param bytesOut       response body bytes
     * @param latencyNanos   from the request's first byte to its completion
     * @param upstreamNanos  from sending to the upstream to its response head; negative when no upstream answered
     */
    public void record(String service, String route, String consumer, int status, long bytesIn, long bytesOut,
            long latencyNanos, long upstreamNanos) {
        long bucket = Math.floorDiv(clock.millis(), bucketMillis);
        TrafficKey key = new TrafficKey(service == null ? "" : service, route == null ? "" : route,
                consumer == null ? "" : consumer, TrafficKey.statusClass(status));
        stripe.get().record(bucket, key, bytesIn, bytesOut, latencyNanos / 1000,
                upstreamNanos < 0 ? -1 : upstreamNanos / 1000);
        recorded.increment();
    }

    /**
     * Collects what the stripes recorded and closes the buckets that ended; returns the report it made, if any.
     * Called by one thread at a time (the shipping schedule, or tests).
     */
    public synchronized TrafficReport flush() {
        long closedBefore = Math.floorDiv(clock.millis() - settings.closeAfter().toMillis(), bucketMillis);
        if (closedBefore <= lastDrain) {
            // No bucket ended since the last drain: leave the cells where they are. Swapping the stripes' maps
            // only at bucket ends keeps allocation to about one cell per key and bucket on the recording threads.
            return null;
        }
        lastDrain = closedBefore;
        for (Stripe each : stripes) {
            for (Map.Entry<Stripe.Slot, TrafficCell> entry : each.drain().entrySet()) {
                Map<TrafficKey, TrafficCell> bucket = open.computeIfAbsent(entry.getKey().bucket(), b -> new HashMap<>());
                TrafficKey key = entry.getKey().key();
                TrafficCell cell = bucket.get(key);
                if (cell == null && bucket.size() >= settings.maxKeys() && !key.isOverflow()) {
                    folded.increment();
                    key = TrafficKey.overflow(key.statusClass());
                    cell = bucket.get(key);
                }
                if (cell == null) {
                    bucket.put(key, entry.getValue());
                }
                else {
                    cell.add(entry.getValue());
                }
            }
        }
        List<TrafficReport.Bucket> closed = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() < closedBefore) {
            Map.Entry<Long, Map<TrafficKey, TrafficCell>> bucket = open.pollFirstEntry();
            closed.add(toBucket(bucket.getKey(), bucket.getValue()));
        }
        if (closed.isEmpty()) {
            return null;
        }
        TrafficReport report = new TrafficReport(stream, seq.incrementAndGet(), (int) settings.bucket().toSeconds(),
                closed);
        outbox.add(report);
        return report;
    }

    /**
     * Flushes every {@code interval} on a daemon thread of its own until the returned handle is closed. A failing
     * flush is logged and the next one runs as planned.
     */
    public AutoCloseable flushEvery(java.time.Duration interval) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "gatehouse-analytics-flush");
                thread.setDaemon(true);
                return thread;
            });
        timer.scheduleWithFixedDelay(() -> {
            try {
                flush();
            }
            catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(TrafficRecorder.class).warn("Traffic flush failed", ex);
            }
        }, interval.toMillis(), interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** The reports waiting for the control plane (what the sync client ships). */
    public TrafficOutbox outbox() {
        return outbox;
    }

    /** The id of this recorder's report stream (one per gateway process). */
    public String stream() {
        return stream;
    }

    /** Requests recorded since start. */
    public long recorded() {
        return recorded.sum();
    }

    /** Keys folded into {@code ~other} rows because a bucket was full. */
    public long folded() {
        return folded.sum();
    }

    /** The Prometheus text of the recorder's own counters, for the gateway's {@code /metrics}. */
    public void render(StringBuilder out) {
        out.append("# HELP gatehouse_analytics_requests_recorded_total Requests recorded for traffic analytics.\n");
        out.append("# TYPE gatehouse_analytics_requests_recorded_total counter\n");
        out.append("gatehouse_analytics_requests_recorded_total ").append(recorded()).append('\n');
        out.append("# HELP gatehouse_analytics_keys_folded_total Records folded into an ~other row: the bucket had "
                + "its maximum of keys.\n");
        out.append("# TYPE gatehouse_analytics_keys_folded_total counter\n");
        out.append("gatehouse_analytics_keys_folded_total ").append(folded()).append('\n');
        out.append("# HELP gatehouse_analytics_reports_pending Traffic reports waiting for the control plane's ack.\n");
        out.append("# TYPE gatehouse_analytics_reports_pending gauge\n");
        out.append("gatehouse_analytics_reports_pending ").append(outbox.size()).append('\n');
        out.append("# HELP gatehouse_analytics_reports_dropped_total Traffic reports dropped unsent: the outbox was "
                + "full while the control plane was away.\n");
        out.append("# TYPE gatehouse_analytics_reports_dropped_total counter\n");
        out.append("gatehouse_analytics_reports_dropped_total ").append(outbox.dropped()).append('\n');
    }

    private TrafficReport.Bucket toBucket(long bucket, Map<TrafficKey, TrafficCell> cells) {
        List<TrafficReport.Row> rows = new ArrayList<>(cells.size());
        cells.forEach((key, cell) -> rows.add(new TrafficReport.Row(key.service(), key.route(), key.consumer(),
                key.statusClass(), cell.requests, cell.bytesIn, cell.bytesOut, encode(cell.latency),
                encode(cell.upstreamLatency))));
        return new TrafficReport.Bucket(bucket * bucketMillis / 1000, rows);
    }

    /** A histogram as the protocol carries it: compressed, then base64. */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** Reads a histogram written by {@link #encode}; an empty text is an empty histogram. */
    public static Histogram decode(String text) {
        if (text == null || text.isEmpty()) {
            return new Histogram(TrafficCell.SIGNIFICANT_DIGITS);
        }
        try {
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
            histogram.setAutoResize(true);
            return histogram;
        }
        catch (java.util.zip.DataFormatException | RuntimeException ex) {
            throw new IllegalArgumentException("not an encoded histogram: " + ex.getMessage(), ex);
        }
    }
}
