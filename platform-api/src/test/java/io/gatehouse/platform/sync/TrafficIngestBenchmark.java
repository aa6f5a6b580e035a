package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.SSLException;
import javax.sql.DataSource;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.Ack;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.Heartbeat;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.TrafficAck;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.analytics.AnalyticsMaintenance;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import io.gatehouse.platform.tenancy.TenantScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Traffic ingest benchmark (docs/BENCHMARKS.md, "Control plane: ingest from 50 gateways every 10 s"); runs only with
 * {@code -Dgatehouse.benchmark=true}:
 * <pre>
 * ./mvnw -q -pl platform-api -am verify -Dit.test=TrafficIngestBenchmark -Dtest=none -Dgatehouse.benchmark=true \
 *     "-Dtest.jvm.args=-XX:+EnableDynamicAgentLoading -Xshare:auto" \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * The whole real path: 50 simulated gateways (5 organizations, one control plane and one gateway token each, 10
 * nodes per token) open real sync sessions — TLS WebSocket to the hub of this context, token authentication, hello
 * with the {@code traffic_reports} capability, the config snapshot acknowledged — and then, every 10 s of wall-clock
 * time, all 50 send the report of the 10 s bucket that just closed at the same moment (gateways close buckets on
 * the wall clock, so a fleet's reports arrive together). The hub decodes each report, {@code TrafficIngest} stores
 * it, the hub sends {@code traffic_ack}; each simulated gateway timestamps its acks as they arrive.
 *
 * <p>Two report shapes, each for {@code gatehouse.benchmark.rounds} rounds (default 9): "typical" (20 routes of 5
 * services × 15 consumers × 2xx, plus 4xx for 40 % and 5xx for 10 % of the keys: about 450 rows) and "key limit"
 * (2,000 rows, the most one gateway sends per bucket: {@code --analytics-max-keys}). Every row carries two
 * HdrHistograms of as many log-normal latencies as it has requests. A report's JSON is built once per gateway and
 * shape before the rounds (only its seq and bucket start change), so the simulated gateways, which share the JVM and
 * the two cores with the control plane, cost almost nothing while the hub works.
 *
 * <p>Measured per shape: each round's ingest time (first report sent → last ack received), the ack latency of each
 * report, the backlog (reports of earlier rounds still unacknowledged when a round starts: anything above 0 means
 * ingest fell behind), the rows in the database against the rows sent, and the time {@code TrafficIngest} itself
 * spent per report. Results go to stdout and {@code platform-api/target/traffic-ingest-benchmark.md}.
 */
@SpringBootTest(properties = "gatehouse.sync.heartbeat-interval=30s")
@EnabledIfSystemProperty(named = "gatehouse.benchmark", matches = "true")
@Timeout(3600)
class TrafficIngestBenchmark {

    static final int GATEWAYS = Integer.getInteger("gatehouse.benchmark.gateways", 50);
    static final int ROUNDS = Integer.getInteger("gatehouse.benchmark.rounds", 9);
    static final int PLANES = 5;
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Placeholders in a report template, replaced per round (JSON numbers no real report carries). */
    static final long SEQ_MARK = 987_654_321_987L;
    static final long START_MARK = 9_876_543_210L;

    /**
     * The keys of one gateway's report.
     *
     * @param fourxx  share of keys that also have a 4xx row
     * @param fivexx  share of keys that also have a 5xx row
     * @param maxRequests requests per row are log-uniform in 1…maxRequests
     */
    record Shape(String name, int services, int routesPerService, int consumers, double fourxx, double fivexx,
            int maxRequests) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("typical", 5, 4, 15, 0.4, 0.1, 400),
            new Shape("key limit", 10, 10, 20, 0, 0, 40));

    @Autowired
    ApplicationContext context;
    @Autowired
    AnalyticsMaintenance maintenance;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DataSource dataSource;

    @Test
    void fiftyGatewaysEveryTenSecondsOverTheirSyncSessions() throws Exception {
        SyncFixtures fixtures = new SyncFixtures(context);
        List<Tenant> tenants = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < PLANES; i++) {
            Tenant tenant = fixtures.tenant();
            tenants.add(tenant);
            tokens.add(fixtures.token(tenant));
        }
        SslContext ssl = SslContextBuilder.forClient().trustManager(fixtures.trustedCertificate().toFile()).build();
        List<SimulatedGateway> gateways = new ArrayList<>();
        try {
            for (int g = 0; g < GATEWAYS; g++) {
                gateways.add(new SimulatedGateway(fixtures.endpoint(), ssl, tokens.get(g % PLANES),
                        "bench-" + g + "-" + SyncFixtures.suffix()));
            }
            for (SimulatedGateway gateway : gateways) {
                assertThat(gateway.open.await(2, TimeUnit.MINUTES))
                        .as("%s: the hub announces it takes reports (%s)", gateway.node, gateway.ended).isTrue();
            }
            StringBuilder out = new StringBuilder();
            out.append("| report shape | rows per report | report size | rounds | round p50 / max ms | ack p50 / p99 / max ms"
                    + " | ingest per report (mean) | backlog at a round's start (max) | max round / 10 s budget | rows stored"
                    + " / sent |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            StringBuilder details = new StringBuilder();
            long seq = 0;
            for (Shape shape : SHAPES) {
                seq = measure(shape, gateways, tenants, seq, out, details);
            }
            long rollupStarted = System.nanoTime();
            // Two hours on: the hour holding the benchmark's rows has ended and is rolled up.
            AnalyticsMaintenance.Outcome outcome = maintenance.run(Instant.now().plus(Duration.ofHours(2)));
            long rollupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rollupStarted);
            out.append('\n').append(details)
                    .append("- then one maintenance run rolled ").append(outcome.periodsRolledUp())
                    .append(" periods (the hours that ended, one per control plane) up from the minute rows in ")
                    .append(rollupMillis).append(" ms\n")
                    .append("- ").append(GATEWAYS).append(" gateways, ").append(PLANES).append(" control planes, TLS sync"
                            + " sessions; Hikari pool ").append(poolSize()).append(" connections; ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                    .append(loadAverage()).append(" at the end, ").append(Instant.now()).append('\n');
            write(out.toString());
        } finally {
            gateways.forEach(SimulatedGateway::close);
        }
    }

    /** Runs the rounds of one shape; returns the last seq used. */
    private long measure(Shape shape, List<SimulatedGateway> gateways, List<Tenant> tenants, long lastSeq,
            StringBuilder out, StringBuilder details) throws Exception {
        Random random = new Random(shape.name().hashCode());
        List<String> templates = new ArrayList<>();
        long rowsPerRound = 0;
        long requestsPerRound = 0;
        for (int g = 0; g < gateways.size(); g++) {
            TrafficReport template = template(shape, gateways.get(g).stream, random);
            rowsPerRound += template.buckets().get(0).rows().size();
            requestsPerRound += template.buckets().get(0).rows().stream().mapToLong(TrafficReport.Row::requests).sum();
            String text = SyncCodec.write(template);
            assertThat(text.split(String.valueOf(SEQ_MARK), -1)).as("one seq placeholder").hasSize(2);
            assertThat(text.split(String.valueOf(START_MARK), -1)).as("one bucket placeholder").hasSize(2);
            templates.add(text);
        }
        int meanBytes = (int) templates.stream().mapToInt(String::length).average().orElse(0);
        long rowsBefore = minuteRows(tenants);
        long requestsBefore = minuteRequests(tenants);
        Timer ingest = meters.get("gatehouse.analytics.ingest.duration").timer();
        long ingestCountBefore = ingest.count();
        double ingestNanosBefore = ingest.totalTime(TimeUnit.NANOSECONDS);
        String loadBefore = loadAverage();
        System.gc();

        // Rounds start 1 s after a wall-clock 10 s boundary, when gateways have flushed the bucket that just ended.
        long startSecond = (System.currentTimeMillis() / 1000 / 10 + 1) * 10 + 1;
        long firstRoundNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startSecond * 1000 - System.currentTimeMillis());
        long[] roundStarted = new long[ROUNDS];
        long[] backlog = new long[ROUNDS];
        long seq = lastSeq;
        for (int round = 0; round < ROUNDS; round++) {
            long due = firstRoundNanos + round * INTERVAL.toNanos();
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(Math.min(due - System.nanoTime(), 50_000_000));
            }
            seq++;
            long bucket = (System.currentTimeMillis() / 1000 / 10) * 10 - 10;
            roundStarted[round] = System.nanoTime();
            long unacknowledged = 0;
            for (SimulatedGateway gateway : gateways) {
                unacknowledged += gateway.unacknowledged();
            }
            backlog[round] = unacknowledged;
            for (int g = 0; g < gateways.size(); g++) {
                String text = templates.get(g).replace(String.valueOf(SEQ_MARK), String.valueOf(seq))
                        .replace(String.valueOf(START_MARK), String.valueOf(bucket));
                gateways.get(g).report(seq, text);
            }
        }
        long lastRound = seq;
        long drainDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (gateways.stream().anyMatch(gateway -> !gateway.acked.containsKey(lastRound))
                && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        Histogram roundMillis = new Histogram(3);
        Histogram ackMillis = new Histogram(3);
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            long roundSeq = lastSeq + 1 + round;
            long last = roundStarted[round];
            for (SimulatedGateway gateway : gateways) {
                Long ackedAt = gateway.acked.get(roundSeq);
                assertThat(ackedAt).as("%s acknowledged report %d (session: %s)", gateway.node, roundSeq, gateway.ended)
                        .isNotNull();
                ackMillis.recordValue(TimeUnit.NANOSECONDS.toMillis(ackedAt - gateway.sent.get(roundSeq)));
                last = Math.max(last, ackedAt);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(last - roundStarted[round]);
            roundMillis.recordValue(millis);
            rounds.append(millis).append(' ');
        }
        long rowsStored = minuteRows(tenants) - rowsBefore;
        long requestsStored = minuteRequests(tenants) - requestsBefore;
        long reports = ingest.count() - ingestCountBefore;
        double ingestMeanMillis = (ingest.totalTime(TimeUnit.NANOSECONDS) - ingestNanosBefore) / Math.max(1, reports) / 1e6;
        long maxBacklog = java.util.Arrays.stream(backlog).max().orElse(0);
        out.append("| ").append(shape.name()).append(" | ").append(rowsPerRound / gateways.size()).append(" | ")
                .append(meanBytes / 1024).append(" KB | ").append(ROUNDS).append(" | ")
                .append(roundMillis.getValueAtPercentile(50)).append(" / ").append(roundMillis.getMaxValue()).append(" | ")
                .append(ackMillis.getValueAtPercentile(50)).append(" / ").append(ackMillis.getValueAtPercentile(99))
                .append(" / ").append(ackMillis.getMaxValue()).append(" | ")
                .append(String.format("%.0f ms", ingestMeanMillis)).append(" | ").append(maxBacklog).append(" | **")
                .append(String.format("%.3f", roundMillis.getMaxValue() / (double) INTERVAL.toMillis())).append("** | ")
                .append(rowsStored).append(" / ").append(rowsPerRound * ROUNDS).append(" |\n");
        details.append("- ").append(shape.name()).append(": rounds (ms, in order) ").append(rounds.toString().strip())
                .append("; backlog at each round's start ").append(java.util.Arrays.toString(backlog))
                .append("; ").append(rowsPerRound).append(" rows and ").append(requestsPerRound)
                .append(" requests per round; requests stored ").append(requestsStored).append(" of ")
                .append(requestsPerRound * ROUNDS).append("; load average ").append(loadBefore).append(" before, ")
                .append(loadAverage()).append(" after\n");
        assertThat(rowsStored).as("every row sent is stored once").isEqualTo(rowsPerRound * ROUNDS);
        assertThat(requestsStored).as("every request sent is counted once").isEqualTo(requestsPerRound * ROUNDS);
        return seq;
    }

    /** One gateway's report of one bucket, with placeholders for its seq and bucket start. */
    static TrafficReport template(Shape shape, String stream, Random random) {
        List<TrafficReport.Row> rows = new ArrayList<>();
        for (int s = 0; s < shape.services(); s++) {
            for (int r = 0; r < shape.routesPerService(); r++) {
                String service = UUID.nameUUIDFromBytes(("service-" + s).getBytes(StandardCharsets.UTF_8)).toString();
                String route = UUID.nameUUIDFromBytes(("route-" + s + "-" + r).getBytes(StandardCharsets.UTF_8)).toString();
                for (int c = 0; c < shape.consumers(); c++) {
                    String consumer = UUID.nameUUIDFromBytes(("consumer-" + c).getBytes(StandardCharsets.UTF_8)).toString();
                    rows.add(row(service, route, consumer, 2, shape, random));
                    if (random.nextDouble() < shape.fourxx()) {
                        rows.add(row(service, route, consumer, 4, shape, random));
                    }
                    if (random.nextDouble() < shape.fivexx()) {
                        rows.add(row(service, route, consumer, 5, shape, random));
                    }
                }
            }
        }
        return new TrafficReport(stream, SEQ_MARK, 10, List.of(new TrafficReport.Bucket(START_MARK, rows)));
    }

    /** A row of log-uniform request count with log-normal latencies (median 20 ms upstream, plus the gateway's). */
    static TrafficReport.Row row(String service, String route, String consumer, int statusClass, Shape shape,
            Random random) {
        long requests = Math.max(1, Math.round(Math.exp(random.nextDouble() * Math.log(shape.maxRequests()))));
        Histogram latency = new Histogram(2);
        Histogram upstream = new Histogram(2);
        for (long i = 0; i < requests; i++) {
            long upstreamMicros = Math.min(60_000_000L, Math.round(Math.exp(Math.log(20_000) + random.nextGaussian())));
            upstream.recordValue(upstreamMicros);
            latency.recordValue(upstreamMicros + 200 + random.nextInt(2_000));
        }
        return new TrafficReport.Row(service, route, consumer, statusClass, requests, requests * 300, requests * 2_000,
                TrafficRecorder.encode(latency), TrafficRecorder.encode(upstream));
    }

    private long minuteRows(List<Tenant> tenants) {
        return inPlatform("select count(*) from analytics_traffic_minute where control_plane_id = any(?)", tenants);
    }

    private long minuteRequests(List<Tenant> tenants) {
        return inPlatform("select coalesce(sum(requests), 0) from analytics_traffic_minute where control_plane_id = any(?)",
                tenants);
    }

    private long inPlatform(String sql, List<Tenant> tenants) {
        UUID[] planes = tenants.stream().map(tenant -> tenant.plane().id()).toArray(UUID[]::new);
        return context.getBean(io.gatehouse.platform.tenancy.TenantScopes.class).call(TenantScope.platform(),
                () -> tx.execute(status -> jdbc.queryForObject(sql, Long.class, (Object) planes)));
    }

    private String poolSize() {
        return dataSource instanceof HikariDataSource hikari ? String.valueOf(hikari.getMaximumPoolSize())
                : dataSource.getClass().getSimpleName();
    }

    static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    static void write(String report) throws IOException {
        Files.writeString(Path.of("target", "traffic-ingest-benchmark.md"), report, StandardCharsets.UTF_8);
        System.out.println("\n==== Traffic ingest benchmark ====\n" + report);
    }

    /**
     * A gateway reduced to its sync session: hello with the traffic capability, acknowledges the config it is
     * pushed, heartbeats every 10 s, sends the reports it is given and timestamps their acks on arrival.
     */
    static final class SimulatedGateway implements AutoCloseable {

        final String node;
        final String stream = UUID.randomUUID().toString();
        final Map<Long, Long> sent = new ConcurrentHashMap<>();
        final Map<Long, Long> acked = new ConcurrentHashMap<>();
        final CountDownLatch open = new CountDownLatch(1);
        private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        private final Disposable connection;
        private final Disposable heartbeats;
        private volatile long revision;
        private volatile String hash = "";
        volatile String ended = "open";

        SimulatedGateway(URI endpoint, SslContext ssl, String token, String node) throws SSLException {
            this.node = node;
            HttpClient http = HttpClient.newConnection().disableRetry(true)
                    .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                    .secure(spec -> spec.sslContext(ssl));
            emit(SyncCodec.write(new Hello(SyncProtocol.VERSION, node, "bench-host", "bench", List.of(), 0, "",
                    List.of(Hello.TRAFFIC_CAPABILITY))));
            connection = http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build())
                    .uri(endpoint.toString())
                    .handle((in, out) -> out.sendString(outbound.asFlux()).then()
                            .and(in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES).receiveFrames()
                                    .ofType(TextWebSocketFrame.class).map(TextWebSocketFrame::text)
                                    .doOnNext(this::received).then()))
                    .doFinally(signal -> ended = "ended: " + signal)
                    .subscribe();
            long offset = (long) (Math.random() * 10_000);
            heartbeats = Flux.interval(Duration.ofMillis(offset), Duration.ofSeconds(10))
                    .subscribe(tick -> emit(SyncCodec.write(new Heartbeat(revision, hash))));
        }

        /** Called on the connection's event loop: an ack is timestamped before anything else happens. */
        private void received(String text) {
            long at = System.nanoTime();
            SyncMessage message = SyncCodec.read(text);
            if (message instanceof TrafficAck ack) {
                if (ack.seq() == 0) {
                    open.countDown();
                } else {
                    acked.putIfAbsent(ack.seq(), at);
                }
            } else if (message instanceof Snapshot snapshot) {
                acknowledge(snapshot.revision(), snapshot.hash());
            } else if (message instanceof Delta delta) {
                acknowledge(delta.revision(), delta.hash());
            }
        }

        private void acknowledge(long newRevision, String newHash) {
            revision = newRevision;
            hash = newHash;
            emit(SyncCodec.write(new Ack(newRevision, newHash)));
        }

        void report(long seq, String text) {
            sent.put(seq, System.nanoTime());
            emit(text);
        }

        long unacknowledged() {
            return sent.keySet().stream().filter(seq -> !acked.containsKey(seq)).count();
        }

        /** The benchmark thread, the heartbeat timer and the event loop all send: one emission at a time. */
        private synchronized void emit(String text) {
            outbound.emitNext(text, Sinks.EmitFailureHandler.FAIL_FAST);
        }

        @Override
        public void close() {
            heartbeats.dispose();
            connection.dispose();
        }
    }
}
