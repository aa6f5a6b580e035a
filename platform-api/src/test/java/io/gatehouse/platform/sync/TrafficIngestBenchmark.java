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
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.TrafficAck;
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
 * 50 gateways connected over the real sync listener each send one report per simulated 10 s bucket (100 rows:
 * 10 routes × 5 consumers × 2 status classes, each with two histograms of 50 latencies), all at the same moment,
 * as after a synchronized bucket close. A round is done when all 50 acks (sent after commit) are back; it keeps up
 * when it takes less than the 10 s between buckets. Results go to {@code platform-api/target/traffic-ingest-benchmark.md}.
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
        List<Tenant> tenants = new ArrayList<>();
        List<RawGateway> gateways = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tenants.add(fixtures.tenant());
        }
        for (int g = 0; g < GATEWAYS; g++) {
            Tenant tenant = tenants.get(g % tenants.size());
            RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant));
            gateway.send(new Hello(SyncProtocol.VERSION, "bench-" + g + "-" + SyncFixtures.suffix(), "bench", "1",
                    List.of(), 0, "", List.of(Hello.TRAFFIC_CAPABILITY)));
            ack(gateway);
            gateways.add(gateway);
        }
        Random random = new Random(42);
        long firstBucket = (Instant.now().minus(Duration.ofHours(2)).getEpochSecond() / 10) * 10;
        int rows = 0;
        Histogram roundMillis = new Histogram(3);
        StringBuilder runs = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            List<TrafficReport> reports = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                reports.add(report("g" + g, round + 1, firstBucket + round * 10L, random));
            }
            rows = reports.get(0).buckets().get(0).rows().size();
            long started = System.nanoTime();
            for (int g = 0; g < GATEWAYS; g++) {
                gateways.get(g).send(reports.get(g));
            }
            for (int g = 0; g < GATEWAYS; g++) {
                TrafficAck ack = ack(gateways.get(g));
                assertThat(ack.seq()).isEqualTo(round + 1);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            roundMillis.recordValue(millis);
            runs.append(millis).append(' ');
        }
        long rollupStarted = System.nanoTime();
        AnalyticsMaintenance.Outcome outcome = maintenance.run(Instant.now());
        long rollupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rollupStarted);
        gateways.forEach(RawGateway::close);

        long p50 = roundMillis.getValueAtPercentile(50);
        long max = roundMillis.getMaxValue();
        String report = "| gateways | rows per report | rounds | round p50 ms | round max ms | per report (p50 / 50) ms | "
                + "max round / 10 s budget |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                + "| " + GATEWAYS + " | " + rows + " | " + ROUNDS + " | " + p50 + " | " + max + " | "
                + String.format("%.1f", p50 / (double) GATEWAYS) + " | "
                + String.format("%.3f", max / (double) BUDGET.toMillis()) + " |\n\n"
                + "- all rounds (ms, in order): " + runs.toString().strip() + "\n"
                + "- then one maintenance run rolled up " + outcome.periodsRolledUp() + " periods in " + rollupMillis
                + " ms\n- " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + Files.readString(Path.of("/proc/loadavg")).strip() + ", " + Instant.now() + "\n";
        write(report);
        assertThat(max).as("a round of 50 reports must fit in the 10 s between buckets").isLessThan(BUDGET.toMillis());
    }

    static TrafficAck ack(RawGateway gateway) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            SyncMessage message = gateway.next(Duration.ofSeconds(30));
            if (message instanceof TrafficAck ack) {
                return ack;
            }
        }
        throw new AssertionError("no traffic_ack");
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
