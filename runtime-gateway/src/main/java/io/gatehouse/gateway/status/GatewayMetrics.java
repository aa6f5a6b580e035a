package io.gatehouse.gateway.status;

import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.runtime.Service;
import io.gatehouse.gateway.upstream.TargetState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the gateway exposes in Prometheus text format: requests by route, service and status,
 * latency histograms by route, rate-limit rejections, upstream target health and a few JVM gauges.
 * Recording is lock-free (adders in concurrent maps) so it is safe on event loops.
 */
public final class GatewayMetrics {

    /** Latency histogram bucket bounds, in milliseconds. */
    static final double[] BUCKETS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000};
    /** The same bounds in nanoseconds, so recording a latency compares integers. */
    private static final long[] BUCKET_NANOS = java.util.Arrays.stream(BUCKETS_MS).mapToLong(ms -> (long) (ms * 1_000_000))
            .toArray();

    private record RequestKey(String route, String service, int status) {
    }

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS_MS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumMicros = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void record(long nanos) {
            for (int i = 0; i < BUCKET_NANOS.length; i++) {
                if (nanos <= BUCKET_NANOS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumMicros.add(nanos / 1000);
        }
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final Map<RequestKey, LongAdder> consumerRequests = new ConcurrentHashMap<>();
    private final LongAdder inFlight = new LongAdder();
    private final java.util.List<java.util.function.Consumer<StringBuilder>> sections =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a block of Prometheus text (HELP, TYPE and samples) that {@link #render} appends. */
    public void include(java.util.function.Consumer<StringBuilder> section) {
        sections.add(section);
    }

    /** A request finished with {@code status}; route and service are empty when no route matched. */
    public void requestCompleted(String route, String service, int status, long latencyNanos) {
        requests.computeIfAbsent(new RequestKey(route, service, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram()).record(latencyNanos);
    }

    /** A request by a consumer (recorded by the prometheus plugin with per_consumer). */
    public void consumerRequest(String route, String consumer, int status) {
        consumerRequests.computeIfAbsent(new RequestKey(route, consumer, status), k -> new LongAdder()).increment();
    }

    public void rateLimitRejected(String route) {
        rateLimited.computeIfAbsent(route, k -> new LongAdder()).increment();
    }

    public void requestStarted() {
        inFlight.increment();
    }

    public void requestEnded() {
        inFlight.decrement();
    }

    /** Requests being served right now. */
    public long inFlight() {
        return inFlight.sum();
    }

    /** Total requests recorded with this route, service and status. */
    public long requestCount(String route, String service, int status) {
        LongAdder adder = requests.get(new RequestKey(route, service, status));
        return adder == null ? 0 : adder.sum();
    }

    /** The Prometheus text exposition of everything recorded, plus the snapshot's upstream health. */
    public String render(GatewaySnapshot snapshot) {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP gatehouse_http_requests_total Requests by route, service and status.\n");
        out.append("# TYPE gatehouse_http_requests_total counter\n");
        new TreeMap<String, Long>(requests.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> "{route=\"" + label(e.getKey().route()) + "\",service=\"" + label(e.getKey().service())
                        + "\",status=\"" + e.getKey().status() + "\"}", e -> e.getValue().sum(), Long::sum)))
                .forEach((labels, value) -> out.append("gatehouse_http_requests_total").append(labels).append(' ')
                        .append(value).append('\n'));
        out.append("# HELP gatehouse_request_latency_ms Request latency through the gateway, in milliseconds.\n");
        out.append("# TYPE gatehouse_request_latency_ms histogram\n");
        new TreeMap<>(latency).forEach((route, histogram) -> {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS_MS.length; i++) {
                cumulative += histogram.buckets[i].sum();
                out.append("gatehouse_request_latency_ms_bucket{route=\"").append(label(route)).append("\",le=\"")
                        .append(formatBound(BUCKETS_MS[i])).append("\"} ").append(cumulative).append('\n');
            }
            out.append("gatehouse_request_latency_ms_bucket{route=\"").append(label(route)).append("\",le=\"+Inf\"} ")
                    .append(histogram.count.sum()).append('\n');
            out.append("gatehouse_request_latency_ms_sum{route=\"").append(label(route)).append("\"} ")
                    .append(histogram.sumMicros.sum() / 1000.0).append('\n');
            out.append("gatehouse_request_latency_ms_count{route=\"").append(label(route)).append("\"} ")
                    .append(histogram.count.sum()).append('\n');
        });
        if (!consumerRequests.isEmpty()) {
            out.append("# HELP gatehouse_consumer_requests_total Requests by route, consumer and status.\n");
            out.append("# TYPE gatehouse_consumer_requests_total counter\n");
            new TreeMap<String, Long>(consumerRequests.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> "{route=\"" + label(e.getKey().route()) + "\",consumer=\"" + label(e.getKey().service())
                            + "\",status=\"" + e.getKey().status() + "\"}", e -> e.getValue().sum(), Long::sum)))
                    .forEach((labels, value) -> out.append("gatehouse_consumer_requests_total").append(labels).append(' ')
                            .append(value).append('\n'));
        }
        out.append("# HELP gatehouse_rate_limit_rejections_total Requests rejected by rate limiting.\n");
        out.append("# TYPE gatehouse_rate_limit_rejections_total counter\n");
        new TreeMap<>(rateLimited).forEach((route, value) -> out.append("gatehouse_rate_limit_rejections_total{route=\"")
                .append(label(route)).append("\"} ").append(value.sum()).append('\n'));
        out.append("# HELP gatehouse_upstream_target_health Target health: 1 healthy, 0 unhealthy.\n");
        out.append("# TYPE gatehouse_upstream_target_health gauge\n");
        for (Service service : new TreeMap<>(snapshot.services()).values()) {
            for (TargetState target : service.upstream().targets()) {
                out.append("gatehouse_upstream_target_health{upstream=\"").append(label(service.upstream().name()))
                        .append("\",target=\"").append(label(target.target().address())).append("\"} ")
                        .append(target.healthy() ? 1 : 0).append('\n');
            }
        }
        out.append("# HELP gatehouse_requests_in_flight Requests being served.\n");
        out.append("# TYPE gatehouse_requests_in_flight gauge\n");
        out.append("gatehouse_requests_in_flight ").append(inFlight.sum()).append('\n');
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        out.append("# HELP jvm_memory_used_bytes JVM memory in use.\n");
        out.append("# TYPE jvm_memory_used_bytes gauge\n");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ").append(memory.getHeapMemoryUsage().getUsed()).append('\n');
        out.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(memory.getNonHeapMemoryUsage().getUsed())
                .append('\n');
        out.append("# HELP jvm_threads_live Live JVM threads.\n");
        out.append("# TYPE jvm_threads_live gauge\n");
        out.append("jvm_threads_live ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
        sections.forEach(section -> section.accept(out));
        return out.toString();
    }

    private static String formatBound(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    private static String label(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
