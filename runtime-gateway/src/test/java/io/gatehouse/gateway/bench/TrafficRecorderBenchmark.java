package io.gatehouse.gateway.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.analytics.TrafficSettings;
import io.gatehouse.gateway.status.GatewayMetrics;

/**
 * The per-request cost traffic analytics adds on the event loop: {@code record} next to what every request already
 * pays for the Prometheus counters ({@link GatewayMetrics#requestCompleted}), two recording threads (the event
 * loops of a 2-core machine), 50 routes × 20 consumers × 3 status classes, the flusher running every second as in
 * the gateway. Run: {@code runtime-gateway/bench/analytics-benchmark.sh --jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class TrafficRecorderBenchmark {

    private static final String[] ROUTES = new String[50];
    private static final String[] CONSUMERS = new String[20];
    private static final int[] STATUSES = {200, 201, 404, 503};

    static {
        for (int i = 0; i < ROUTES.length; i++) {
            ROUTES[i] = java.util.UUID.nameUUIDFromBytes(("route-" + i).getBytes()).toString();
        }
        for (int i = 0; i < CONSUMERS.length; i++) {
            CONSUMERS[i] = java.util.UUID.nameUUIDFromBytes(("consumer-" + i).getBytes()).toString();
        }
    }

    GatewayMetrics metrics;
    TrafficRecorder recorder;
    AutoCloseable flushing;

    /** Per recording thread: which request comes next. */
    @State(Scope.Thread)
    public static class Requests {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        metrics = new GatewayMetrics();
        recorder = new TrafficRecorder(TrafficSettings.DEFAULTS, Clock.systemUTC());
        flushing = recorder.flushEvery(Duration.ofSeconds(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        flushing.close();
    }

    @Benchmark
    public void prometheusCountersOnly(Requests requests) {
        int i = requests.next++;
        String route = ROUTES[i % ROUTES.length];
        metrics.requestCompleted(route, "service", STATUSES[i % STATUSES.length], 1_000_000L + (i & 0xFFFF) * 100L);
    }

    @Benchmark
    public void prometheusCountersAndAnalytics(Requests requests) {
        int i = requests.next++;
        String route = ROUTES[i % ROUTES.length];
        int status = STATUSES[i % STATUSES.length];
        long latency = 1_000_000L + (i & 0xFFFF) * 100L;
        metrics.requestCompleted(route, "service", status, latency);
        recorder.record("service", route, CONSUMERS[(i / 7) % CONSUMERS.length], status, 128, 1024, latency,
                latency - 200_000);
    }
}
