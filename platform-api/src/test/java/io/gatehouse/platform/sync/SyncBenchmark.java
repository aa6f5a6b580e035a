package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.server.GatewayServer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.sync.ConfigApplier;
import io.gatehouse.gateway.sync.ConfigCheck;
import io.gatehouse.gateway.sync.DiskCache;
import io.gatehouse.gateway.sync.RuntimeApplier;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncClient;
import io.gatehouse.gateway.sync.SyncClientSettings;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncedConfig;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import io.gatehouse.platform.tenancy.TenantScope;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Config sync benchmark (docs/BENCHMARKS.md, "Config sync"); runs only with {@code -Dgatehouse.benchmark=true}:
 * <pre>
 * ./mvnw -q -pl platform-api -am verify -Dit.test=SyncBenchmark -Dtest=none -Dgatehouse.benchmark=true \
 *     "-Dtest.jvm.args=-XX:+EnableDynamicAgentLoading -Xshare:auto" \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * Results are printed and written to {@code platform-api/target/sync-benchmark.md}.
 */
@SpringBootTest(properties = "gatehouse.sync.heartbeat-interval=30s")
@EnabledIfSystemProperty(named = "gatehouse.benchmark", matches = "true")
@Timeout(1200)
class SyncBenchmark {

    private static final StringBuilder REPORT = new StringBuilder();
    private static final int WRITES = 30;

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @TempDir
    Path temp;

    @AfterAll
    static void write() throws IOException {
        Path out = Path.of("target", "sync-benchmark.md");
        Files.writeString(out, REPORT.toString(), StandardCharsets.UTF_8);
        System.out.println("\n==== Config sync benchmark ====\n" + REPORT);
    }

    /** Records, per revision, when this simulated gateway swapped it in. */
    static final class TimedRuntime implements ConfigApplier {

        final Map<Long, Long> appliedAt = new ConcurrentHashMap<>();
        final AtomicReference<SyncedConfig> active = new AtomicReference<>(SyncedConfig.empty());

        @Override
        public Runnable prepare(SyncedConfig config) {
            return () -> {
                active.set(config);
                appliedAt.put(config.revision(), System.nanoTime());
            };
        }
    }

    /**
     * CPU time of this whole JVM (all threads: the build runs in parallel on the common pool; the hub is idle),
     * which unlike wall time does not grow with the other processes on the machine.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The machine's load averages (1, 5, 15 min), as the report quotes them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException ex) {
            return "unknown";
        }
    }

    /**
     * The hub's fan-out: the gateways are {@link SimulatedGateways} in a process of their own that ACK as soon as
     * they decoded a push, so the figure is API write → commit → change-log read → push to every session → frame
     * decoded on the other side, without 200 gateways' apply work competing with the hub in its JVM.
     */
    @Test
    void propagationToSimulatedGatewaysInAnotherProcess() throws Exception {
        REPORT.append("\nHub fan-out, simulated gateways in another process (ACK on decode):\n\n"
                + "| gateways | writes | p50 ms | p99 ms | max ms | load average before → after |\n"
                + "| ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (int gateways : new int[] { 1, 50, 200 }) {
            simulatedPropagation(gateways);
        }
    }

    /** The same with real {@link SyncClient}s (decode, hash, check, fsync'd disk cache) in this JVM. */
    @Test
    void propagationToRealSyncClients() throws Exception {
        REPORT.append("\nReal SyncClients in the control plane's JVM (disk caches, hash check):\n\n"
                + "| gateways | writes | p50 ms | p99 ms | max ms | load average before → after |\n"
                + "| ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (int gateways : new int[] { 1, 50 }) {
            propagation(gateways);
        }
    }

    private void simulatedPropagation(int count) throws Exception {
        SyncFixtures fixtures = new SyncFixtures(context);
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"bench\",\"url\":\"http://127.0.0.1:9\"}");
        String token = fixtures.token(tenant);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                SimulatedGateways.class.getName(), fixtures.endpoint().toString(), token,
                fixtures.trustedCertificate().toString(), Integer.toString(count), "sim-" + count + "-" + SyncFixtures.suffix())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Long, Map<Integer, Long>> applied = new ConcurrentHashMap<>();
        AtomicReference<String> state = new AtomicReference<>("starting");
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("applied")) {
                        applied.computeIfAbsent(Long.parseLong(parts[2]), r -> new ConcurrentHashMap<>())
                                .putIfAbsent(Integer.parseInt(parts[1]), Long.parseLong(parts[3]));
                    } else if (parts[0].equals("ready") || parts[0].equals("not-ready")) {
                        state.set(line);
                    } else {
                        System.out.println("simulated gateways: " + line);
                    }
                }
            } catch (IOException ex) {
                state.set("failed: " + ex);
            }
        }, "simulated-gateways-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(300)).until(() -> !state.get().equals("starting"));
            assertThat(state.get()).isEqualTo("ready");
            measureWrites(fixtures, tenant, count, revision -> applied.getOrDefault(revision, Map.of()).size() == count
                    ? applied.get(revision).values() : null);
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void propagation(int count) throws Exception {
        SyncFixtures fixtures = new SyncFixtures(context);
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"bench\",\"url\":\"http://127.0.0.1:9\"}");
        String token = fixtures.token(tenant);
        List<SyncClient> clients = new ArrayList<>();
        List<TimedRuntime> runtimes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                TimedRuntime runtime = new TimedRuntime();
                SyncClientSettings settings = new SyncClientSettings(fixtures.endpoint(), token, fixtures.trustedCertificate(),
                        "bench-" + count + "-" + i, "bench", "1.0.0", List.of(), Files.createTempDirectory(temp, "gw"),
                        Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(2));
                SyncClient client = new SyncClient(settings, runtime, Clock.systemUTC());
                client.start();
                clients.add(client);
                runtimes.add(runtime);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> runtimes.stream().allMatch(r -> r.active.get().revision() == 1));
            measureWrites(fixtures, tenant, count, revision -> runtimes.stream().allMatch(r -> r.appliedAt.containsKey(revision))
                    ? runtimes.stream().map(r -> r.appliedAt.get(revision)).toList() : null);
        } finally {
            clients.forEach(SyncClient::stop);
        }
    }

    /**
     * Writes 5 warm-up routes and then {@link #WRITES} measured ones, 25 ms apart, through the API's write path, and
     * reports p50/p99/max of write start → applied at every gateway. {@code appliedAt} gives the monotonic times at
     * which every gateway had a revision, or null while some have not yet.
     */
    private static void measureWrites(SyncFixtures fixtures, Tenant tenant, int count,
            Function<Long, Collection<Long>> appliedAt) throws Exception {
        Histogram latency = new Histogram(3);
        String loadBefore = loadAverage();
        for (int write = -5; write < WRITES; write++) {
            long start = System.nanoTime();
            long revision = fixtures.create(tenant, EntityType.ROUTE, "{\"name\":\"r" + write + "\",\"paths\":[\"/r"
                    + (write + 5) + "\"],\"service\":{\"name\":\"bench\"}}").revision();
            Collection<Long> times = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                    .until(() -> appliedAt.apply(revision), java.util.Objects::nonNull);
            if (write >= 0) { // the first five warm the hub up
                for (long at : times) {
                    latency.recordValue(Math.max(0, (at - start) / 1_000));
                }
            }
            Thread.sleep(25);
        }
        REPORT.append(String.format("| %d | %d | %.1f | %.1f | %.1f | %s → %s |%n", count, WRITES,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0, loadBefore, loadAverage()));
    }

    @Test
    void snapshotOf100000EntitiesAndAOneEntityDelta() throws Exception {
        SyncFixtures fixtures = new SyncFixtures(context);
        Tenant tenant = fixtures.tenant();
        DisposableServer upstream = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("ok"))).bindNow();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"live\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        fixtures.create(tenant, EntityType.ROUTE, "{\"name\":\"live\",\"paths\":[\"/live\"],\"service\":{\"name\":\"live\"}}");
        fixtures.scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> {
            // Ids derived from (control plane, i) so that routes can name their service without a self-join.
            jdbc.update("""
                    insert into gw_entity (id, org_id, control_plane_id, entity_type, name, document, created_at, updated_at)
                    select md5(?::text || ':svc:' || i)::uuid, ?, ?, 'service', 'svc-' || i,
                        jsonb_build_object('name', 'svc-' || i, 'host', 'svc-' || i || '.internal', 'port', 8080,
                            'protocol', 'http'), now(), now()
                    from generate_series(1, 49999) as i
                    """, tenant.plane().id(), tenant.org().orgId().value(), tenant.plane().id());
            // The service reference is written into the document rather than the service_id column: the wire
            // document is the same, and 50,000 row-by-row foreign-key checks would make loading, not syncing,
            // the slow part of this benchmark.
            jdbc.update("""
                    insert into gw_entity (id, org_id, control_plane_id, entity_type, name, document, created_at, updated_at)
                    select md5(?::text || ':route:' || i)::uuid, ?, ?, 'route', 'route-' || i,
                        jsonb_build_object('name', 'route-' || i, 'paths', jsonb_build_array('/r/' || i),
                            'service', jsonb_build_object('id', md5(?::text || ':svc:' || i)::uuid)), now(), now()
                    from generate_series(1, 49999) as i
                    """, tenant.plane().id(), tenant.org().orgId().value(), tenant.plane().id(), tenant.plane().id());
            jdbc.update("update gw_control_plane set revision = revision + 1 where id = ?", tenant.plane().id());
        }));
        PlaneConfigs configs = context.getBean(PlaneConfigs.class);

        // The write path's share: making one entity's wire form (normal form, canonical JSON, digest), on one thread,
        // over 10,000 of the stored services and 10,000 routes (what every API write of such an entity now adds).
        List<WireEntities.Source> sample = fixtures.scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.query("""
                (select id::text, entity_type, document::text, service_id::text, xmin::text from gw_entity
                 where control_plane_id = ? and entity_type = 'service' limit 10000)
                union all
                (select id::text, entity_type, document::text, service_id::text, xmin::text from gw_entity
                 where control_plane_id = ? and entity_type = 'route' limit 10000)
                """, (rs, n) -> new WireEntities.Source(rs.getString(1), rs.getString(2), rs.getString(3),
                        new String[] { rs.getString(4), null, null, null, null, null }, rs.getString(5)),
                tenant.plane().id(), tenant.plane().id())));
        sample.forEach(WireEntities.Source::wireForm); // warm up
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long formCpuStart = threads.getCurrentThreadCpuTime();
        sample.forEach(WireEntities.Source::wireForm);
        double formMicros = (threads.getCurrentThreadCpuTime() - formCpuStart) / 1_000.0 / sample.size();

        // The one-time backfill: 100,000 rows written by SQL have no wire form yet; the first read makes and stores them.
        String loadBefore = loadAverage();
        long backfillCpuStart = processCpuNanos();
        long backfillStart = System.nanoTime();
        configs.snapshot(tenant.plane().id()).orElseThrow();
        long backfillMillis = (System.nanoTime() - backfillStart) / 1_000_000;
        long backfillCpuMillis = (processCpuNanos() - backfillCpuStart) / 1_000_000;
        long missing = fixtures.scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.queryForObject(
                "select count(*) from gw_entity where control_plane_id = ? and wire_digest is null", Long.class,
                tenant.plane().id())));
        assertThat(missing).isZero();

        // A fresh replica (a brand-new feed, nothing cached) building its first snapshot, three times over.
        PlaneFeed feed = null;
        PlaneFeed.Push snapshotPush = null;
        List<String> builds = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long cpuStart = processCpuNanos();
            long buildStart = System.nanoTime();
            feed = new PlaneFeed(tenant.plane().id(), configs, 10_000);
            snapshotPush = feed.pushFor(0, "", false, java.util.Set.of());
            builds.add(String.format("%d ms (CPU %d ms)", (System.nanoTime() - buildStart) / 1_000_000,
                    (processCpuNanos() - cpuStart) / 1_000_000));
        }
        String loadAfterFirstBuilds = loadAverage();
        // Once more after one change, as for a gateway that joins later.
        fixtures.create(tenant, EntityType.ROUTE, "{\"name\":\"joined\",\"paths\":[\"/joined\"],\"service\":{\"name\":\"live\"}}");
        long rebuildCpuStart = processCpuNanos();
        long rebuildStart = System.nanoTime();
        feed.advance(Long.MAX_VALUE);
        PlaneFeed.Push later = feed.pushFor(0, "", true, java.util.Set.of());
        long rebuildMillis = (System.nanoTime() - rebuildStart) / 1_000_000;
        long rebuildCpuMillis = (processCpuNanos() - rebuildCpuStart) / 1_000_000;
        // expected-config-hash: after a change (digests read and recombined), then again at the same revision.
        long hashStart = System.nanoTime();
        String expected = configs.hash(tenant.plane().id()).orElseThrow().hash();
        long hashMillis = (System.nanoTime() - hashStart) / 1_000_000;
        long cachedStart = System.nanoTime();
        configs.hash(tenant.plane().id()).orElseThrow();
        double cachedHashMillis = (System.nanoTime() - cachedStart) / 1e6;
        Snapshot laterSnapshot = (Snapshot) SyncCodec.read(later.text());
        assertThat(laterSnapshot.config()).hasSize(100_001);
        assertThat(expected).isEqualTo(laterSnapshot.hash()).isEqualTo(SyncedConfig.hash(laterSnapshot.config()));
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(snapshotPush.text().getBytes(StandardCharsets.UTF_8));
        }
        Snapshot snapshot = (Snapshot) SyncCodec.read(snapshotPush.text());
        assertThat(snapshot.config()).hasSize(100_000);

        // The gateway's side, step by step as GatewaySession runs it, against the real runtime.
        Clock clock = Clock.systemUTC();
        GatewayMetrics metrics = new GatewayMetrics();
        LocalCounters counters = new LocalCounters(clock);
        ConfigCompiler compiler = new ConfigCompiler(clock, metrics, counters, r -> counters, new SecureRandom(), "bench");
        SyncedConfig small = SyncedConfig.of(2, configs.snapshot(tenant.plane().id()).orElseThrow().entities().stream().map(WireEntities.WireEntity::entity)
                .filter(e -> e.document().has("name") && e.document().get("name").asString().equals("live")).toList());
        ConfigHolder holder = new ConfigHolder(compiler.compile(RuntimeApplier.declarative(small), 2, small.hash()),
                Duration.ofSeconds(1));
        ServerLimits limits = new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        GatewayServer server = GatewayServer.start("127.0.0.1", 0, limits,
                new ProxyHandler(holder, limits, metrics, RetryTimer.standard()));
        AtomicBoolean applying = new AtomicBoolean(true);
        Histogram during = new Histogram(3);
        HttpClient http = HttpClient.newHttpClient();
        Thread load = new Thread(() -> {
            URI live = URI.create("http://127.0.0.1:" + server.port() + "/live");
            while (applying.get()) {
                long start = System.nanoTime();
                try {
                    int code = http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (code == 200) {
                        during.recordValue((System.nanoTime() - start) / 1_000);
                    }
                } catch (IOException | InterruptedException ex) {
                    return;
                }
            }
        });
        try {
            load.start();
            long applyStart = System.nanoTime();
            Snapshot received = (Snapshot) SyncCodec.read(snapshotPush.text());
            SyncedConfig config = SyncedConfig.of(received.revision(), received.config());
            assertThat(config.hash()).isEqualTo(received.hash());
            assertThat(ConfigCheck.problems(config)).isEmpty();
            Runnable swap = new RuntimeApplier(compiler, holder).prepare(config);
            new DiskCache(temp.resolve("cache")).write(config);
            swap.run();
            long applyMillis = (System.nanoTime() - applyStart) / 1_000_000;
            Thread.sleep(200);
            applying.set(false);
            load.join();
            assertThat(holder.current().router().size()).isEqualTo(50_000);

            long revision = fixtures.create(tenant, EntityType.ROUTE,
                    "{\"name\":\"one-more\",\"paths\":[\"/one-more\"],\"service\":{\"name\":\"live\"}}").revision();
            feed.advance(revision);
            PlaneFeed.Push delta = feed.pushFor(laterSnapshot.revision(), laterSnapshot.hash(), false, java.util.Set.of());
            int deltaBytes = delta.text().getBytes(StandardCharsets.UTF_8).length;

            REPORT.append(String.format("%n| 100,000 entities | value |%n| --- | ---: |%n"
                    + "| write path: one entity's wire form (normal form, canonical JSON, digest), one thread | %.1f µs CPU |%n"
                    + "| one-time backfill of 100,000 rows written by SQL (make in parallel, store in batches) | %d ms (CPU %d ms) |%n"
                    + "| first snapshot of a fresh replica (read stored forms, hash, concatenate), 3 runs | %s |%n"
                    + "| snapshot build again after one change (read, hash, concatenate) | %d ms (CPU %d ms) |%n"
                    + "| expected-config-hash after a change / at the same revision | %d ms / %.2f ms |%n"
                    + "| load average before → after the builds | %s → %s |%n"
                    + "| snapshot size (gzip) | %.1f MB (%.1f MB) |%n"
                    + "| gateway apply (decode, hash check, ConfigCheck, compile, cache write, swap) | %d ms |%n"
                    + "| requests during the apply: count / p99 / max | %d / %.1f ms / %.1f ms |%n"
                    + "| one-entity delta | %d bytes |%n",
                    formMicros, backfillMillis, backfillCpuMillis, String.join(" · ", builds), rebuildMillis,
                    rebuildCpuMillis, hashMillis, cachedHashMillis, loadBefore, loadAfterFirstBuilds,
                    snapshotPush.text().length() / 1e6,
                    gzipped.size() / 1e6, applyMillis, during.getTotalCount(),
                    during.getValueAtPercentile(99) / 1000.0, during.getMaxValue() / 1000.0, deltaBytes));
        } finally {
            applying.set(false);
            server.close();
            upstream.disposeNow();
        }
    }
}
