package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.analytics.AnalyticsMaintenance;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;

/**
 * Traffic ingest benchmark (docs/BENCHMARKS.md, "Traffic analytics ingest"); runs only with
 * {@code -Dgatehouse.benchmark=true}:
 * <pre>
 * ./mvnw -q -pl platform-api -am verify -Dit.test=TrafficIngestBenchmark -Dtest=none -Dgatehouse.benchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * 50 gateways each deliver one report per simulated 10 s bucket (100 rows: 10 routes × 5 consumers × 2 status
 * classes, each with two histograms of 50 latencies), all at the same moment, as after a synchronized bucket close:
 * 50 threads call the hub's {@link TrafficSink} as 50 sessions' message threads do (the WebSocket transport is
 * covered by TrafficSyncIT). A round is done when all 50 are committed; it keeps up when it takes less than the
 * 10 s between buckets. Results go to {@code platform-api/target/traffic-ingest-benchmark.md}.
 */
@SpringBootTest
@EnabledIfSystemProperty(named = "gatehouse.benchmark", matches = "true")
@Timeout(1200)
class TrafficIngestBenchmark {

    static final int GATEWAYS = 50;
    static final int ROUNDS = 12;
    static final Duration BUDGET = Duration.ofSeconds(10);

    @Autowired
    ApplicationContext context;
    @Autowired
    AnalyticsMaintenance maintenance;

    @Test
    void fiftyGatewaysEveryTenSeconds() throws Exception {
        SyncFixtures fixtures = new SyncFixtures(context);
        TrafficSink sink = context.getBean(TrafficSink.class);
        List<TokenGrant> grants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Tenant tenant = fixtures.tenant();
            grants.add(new TokenGrant(java.util.UUID.randomUUID(), tenant.org().orgId(), tenant.plane().id()));
        }
        java.util.concurrent.ExecutorService sessions = java.util.concurrent.Executors.newFixedThreadPool(GATEWAYS);
        Random random = new Random(42);
        long firstBucket = (Instant.now().minus(Duration.ofHours(2)).getEpochSecond() / 10) * 10;
        int rows = 0;
        Histogram roundMillis = new Histogram(3);
        Histogram reportMillis = new Histogram(3);
        StringBuilder runs = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            List<TrafficReport> reports = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                reports.add(report("g" + g, round + 1, firstBucket + round * 10L, random));
            }
            rows = reports.get(0).buckets().get(0).rows().size();
            long started = System.nanoTime();
            List<java.util.concurrent.Future<Long>> stored = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                TokenGrant grant = grants.get(g % grants.size());
                String node = "bench-node-" + g;
                TrafficReport report = reports.get(g);
                stored.add(sessions.submit(() -> {
                    long begin = System.nanoTime();
                    sink.store(grant, node, report);
                    return System.nanoTime() - begin;
                }));
            }
            for (java.util.concurrent.Future<Long> each : stored) {
                reportMillis.recordValue(TimeUnit.NANOSECONDS.toMillis(each.get(5, TimeUnit.MINUTES)));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            roundMillis.recordValue(millis);
            runs.append(millis).append(' ');
        }
        sessions.shutdown();
        long rollupStarted = System.nanoTime();
        AnalyticsMaintenance.Outcome outcome = maintenance.run(Instant.now());
        long rollupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rollupStarted);

        long p50 = roundMillis.getValueAtPercentile(50);
        long max = roundMillis.getMaxValue();
        String report = "| gateways | rows per report | rounds | round p50 ms | round max ms | one report p50 / p99 ms | "
                + "max round / 10 s budget |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                + "| " + GATEWAYS + " | " + rows + " | " + ROUNDS + " | " + p50 + " | " + max + " | "
                + reportMillis.getValueAtPercentile(50) + " / " + reportMillis.getValueAtPercentile(99) + " | "
                + String.format("%.3f", max / (double) BUDGET.toMillis()) + " |\n\n"
                + "- all rounds (ms, in order): " + runs.toString().strip() + "\n"
                + "- then one maintenance run rolled up " + outcome.periodsRolledUp() + " periods in " + rollupMillis
                + " ms\n- " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + Files.readString(Path.of("/proc/loadavg")).strip() + ", " + Instant.now() + "\n";
        write(report);
        assertThat(max).as("a round of 50 reports must fit in the 10 s between buckets").isLessThan(BUDGET.toMillis());
    }

    static TrafficReport report(String stream, long seq, long bucket, Random random) {
        List<TrafficReport.Row> rows = new ArrayList<>();
        for (int route = 0; route < 10; route++) {
            for (int consumer = 0; consumer < 5; consumer++) {
                for (int status : new int[] { 2, 5 }) {
                    Histogram latency = new Histogram(2);
                    for (int i = 0; i < 50; i++) {
                        latency.recordValue(1000 + random.nextInt(500_000));
                    }
                    String encoded = TrafficRecorder.encode(latency);
                    rows.add(new TrafficReport.Row("service-" + route / 3, "route-" + route, "consumer-" + consumer,
                            status, 50, 5000, 50_000, encoded, encoded));
                }
            }
        }
        return new TrafficReport(stream, seq, 10, List.of(new TrafficReport.Bucket(bucket, rows)));
    }

    static void write(String report) throws IOException {
        Files.writeString(Path.of("target", "traffic-ingest-benchmark.md"), report, StandardCharsets.UTF_8);
        System.out.println("\n==== Traffic ingest benchmark ====\n" + report);
    }
}
