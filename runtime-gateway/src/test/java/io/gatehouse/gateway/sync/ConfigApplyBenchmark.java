package io.gatehouse.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.GarbageCollectionNotificationInfo;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.EntityTypes;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Config apply benchmark (docs/BENCHMARKS.md, "Config sync", gateway side); runs only with
 * {@code -Dgatehouse.benchmark=true}:
 * <pre>
 * ./mvnw -q -pl runtime-gateway verify -Dit.test=ConfigApplyBenchmark -Dtest=none -Dgatehouse.benchmark=true \
 *     "-Dtest.jvm.args=-Xmx1g -XX:+EnableDynamicAgentLoading -Xshare:auto" \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * A real gateway ({@link SyncedGateway#start}, as the command line starts it: proxy, status listener, sync client,
 * disk cache) dials a scripted control plane on a loopback WebSocket. The control plane sends a two-entity config
 * (a live service and route), then a 100,000-entity snapshot (50,000 services + 50,000 routes, each document in its
 * normal form, as the control plane's {@code PlaneConfigs} sends them, in key order), one-entity deltas, a snapshot
 * with every route on another path and the first one again (full applies), and that snapshot once more (identical
 * to the config held, as after a reconnect); then the whole sequence once more, the two configs swapping roles. Meanwhile a client keeps requesting the live route through the gateway's real
 * proxy socket; its latencies are recorded per apply window. In the first pass it is a closed-loop client (the next
 * request as soon as the last answer came: on a 2-core machine it competes with the apply for the cores); in the
 * second a paced open-loop client (500 requests/s, each latency counted from when the request was due, so a stall
 * is not hidden by requests not sent during it). Each apply is timed from the control plane's send to the gateway's ACK, and phase by
 * phase as the gateway reports it ({@link ApplyTimings}). Results go to stdout and
 * {@code runtime-gateway/target/config-apply-benchmark.md}.
 */
@EnabledIfSystemProperty(named = "gatehouse.benchmark", matches = "true")
class ConfigApplyBenchmark {

    private static final int PAIRS = 50_000;

    @TempDir
    Path temp;

    /** What the gateway answered, and when the control plane received it. */
    record Answer(SyncMessage message, long atNanos) {
    }

    /** One measured apply. */
    record Run(String what, int bytes, long endToEndMillis, ApplyTimings timings, Histogram requests, long gcPauses,
            long gcMaxPauseMillis, long gcMillis, long peakHeapMb, String load) {
    }

    /** Requests per second of the paced (open-loop) client. */
    private static final int PACED_RATE = 500;

    @Test
    void applyOf100000EntitiesWhileServing() throws Exception {
        DisposableServer upstream = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> response.sendString(Mono.just("ok"))).bindNow();
        AtomicReference<Sinks.Many<String>> toGateway = new AtomicReference<>();
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        DisposableServer hub = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.ws(SyncProtocol.PATH, (in, out) -> {
                Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
                toGateway.set(sink);
                in.receive().asString().subscribe(text -> {
                    SyncMessage message = SyncCodec.read(text);
                    if (message instanceof Ack || message instanceof Nack) {
                        answers.add(new Answer(message, System.nanoTime()));
                    }
                });
                return out.sendString(sink.asFlux()).then();
            }))
            .bindNow();

        List<SyncEntity> live = List.of(
                entity("service", id("live"), "{\"name\":\"live\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}"),
                entity("route", id("route:live"), "{\"name\":\"live\",\"paths\":[\"/live\"],\"service\":{\"id\":\""
                        + id("live") + "\"}}"));
        List<SyncEntity> large = new ArrayList<>(live);
        for (int i = 1; i < PAIRS; i++) {
            large.add(entity("service", id("svc:" + i), "{\"name\":\"svc-" + i + "\",\"host\":\"svc-" + i
                    + ".internal\",\"port\":8080,\"protocol\":\"http\"}"));
            large.add(entity("route", id("route:" + i), "{\"name\":\"route-" + i + "\",\"paths\":[\"/r/" + i
                    + "\"],\"service\":{\"id\":\"" + id("svc:" + i) + "\"}}"));
        }
        SyncEntity oneMore = oneMoreRoute();

        // Every message the control plane sends, encoded up front; the entity trees are then dropped so that the
        // heap holds what the gateway holds (plus these texts), not a second copy of the config.
        String bigHash = SyncedConfig.hash(large);
        String addedHash = SyncedConfig.of(2, large).apply(new Delta(2, 3, "", List.of(oneMore), List.of())).hash();
        // in key order, as the control plane's PlaneFeed sends a snapshot
        large.sort(java.util.Comparator.comparing(SyncEntity::key));
        String snapshot = SyncCodec.write(new Snapshot(2, bigHash, large));
        large = null;
        // a second config of the same size: every one of the 50,000 routes on another path
        String movedText = snapshot.replace("\"paths\":[\"/r/", "\"paths\":[\"/s/");
        SyncedConfig moved = SyncedConfig.of(2,
                ((Snapshot) SyncCodec.read(movedText.getBytes(StandardCharsets.UTF_8))).config());
        String movedHash = moved.hash();
        String movedAddedHash = moved.apply(new Delta(2, 3, "", List.of(oneMore), List.of())).hash();
        moved = null;
        String movedSnapshot = movedText.replace(bigHash, movedHash);
        movedText = null;
        String revisionTwo = "\"revision\":2,";
        assertThat(snapshot).contains(revisionTwo);
        assertThat(movedSnapshot).contains(revisionTwo).contains(movedHash);
        // one pass of applies from revision base: snapshot a, a route added, that route deleted, snapshot b (all routes
        // different), snapshot a (all routes different again), snapshot a once more (identical to the config held)
        record Pass(String a, String aHash, String aAddedHash, String b) {

            List<Supplier<String>> texts(int base) {
                String revisionTwo = "\"revision\":2,";
                return List.of(() -> a.replace(revisionTwo, "\"revision\":" + base + ","),
                        () -> SyncCodec.write(new Delta(base, base + 1, aAddedHash, List.of(oneMoreRoute()), List.of())),
                        () -> SyncCodec.write(new Delta(base + 1, base + 2, aHash, List.of(),
                                List.of(oneMoreRoute().key()))),
                        () -> b.replace(revisionTwo, "\"revision\":" + (base + 3) + ","),
                        () -> a.replace(revisionTwo, "\"revision\":" + (base + 4) + ","),
                        () -> a.replace(revisionTwo, "\"revision\":" + (base + 5) + ","));
            }
        }
        List<Pass> passes = List.of(new Pass(snapshot, bigHash, addedHash, movedSnapshot),
                new Pass(movedSnapshot, movedHash, movedAddedHash, snapshot));

        SyncedGateway gateway = SyncedGateway.start(new String[] {"--control-plane",
            "ws://127.0.0.1:" + hub.port() + SyncProtocol.PATH, "--token", "gh_gwt_benchmark", "--cache-dir",
            temp.resolve("cache").toString(), "--host", "127.0.0.1", "--port", "0", "--status-port", "0",
            "--analytics", "false"}, Map.of());
        Recorder requests = new Recorder(3);
        AtomicBoolean running = new AtomicBoolean(true);
        // which client runs: the closed-loop one (as fast as it can, one request after the other) or the paced one
        AtomicBoolean closedLoop = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        java.util.Queue<String> failureReasons = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread load = new Thread(() -> {
            // A plain keep-alive HTTP/1.1 client on one socket: it allocates next to nothing per request, so the
            // garbage measured is the gateway's, not the load client's. Its connection is opened when its pass
            // starts (an idle one would be closed by the gateway's idle timeout meanwhile).
            while (running.get()) {
                if (!closedLoop.get()) {
                    pause();
                    continue;
                }
                try (LiveClient client = new LiveClient(gateway.proxyPort())) {
                    while (running.get() && closedLoop.get()) {
                        long start = System.nanoTime();
                        int status = client.get();
                        if (status == 200) {
                            requests.recordValue((System.nanoTime() - start) / 1_000);
                        } else {
                            failures.incrementAndGet();
                            failureReasons.add("closed loop: status " + status);
                        }
                    }
                } catch (IOException ex) {
                    failures.incrementAndGet();
                    failureReasons.add("closed loop: " + ex);
                }
            }
        }, "benchmark-load");
        Thread paced = new Thread(() -> {
            // Open loop: request i is due at start + i / rate whatever happened before, and its latency is counted
            // from when it was due, so a stall delays (and counts against) every request due during it rather than
            // hiding them (no coordinated omission).
            long interval = TimeUnit.SECONDS.toNanos(1) / PACED_RATE;
            while (running.get()) {
                if (closedLoop.get()) {
                    pause();
                    continue;
                }
                try (LiveClient client = new LiveClient(gateway.proxyPort())) {
                    long due = System.nanoTime();
                    while (running.get() && !closedLoop.get()) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        int status = client.get();
                        if (status == 200) {
                            requests.recordValue(Math.max(0, System.nanoTime() - due) / 1_000);
                        } else {
                            failures.incrementAndGet();
                            failureReasons.add("paced: status " + status);
                        }
                        due += interval;
                    }
                } catch (IOException ex) {
                    failures.incrementAndGet();
                    failureReasons.add("paced: " + ex);
                }
            }
        }, "benchmark-paced");
        GcWatch gc = new GcWatch();
        List<Run> runs = new ArrayList<>();
        try {
            await(() -> toGateway.get() != null);
            send(toGateway.get(), SyncCodec.write(new Snapshot(1, SyncedConfig.hash(live), live)), answers);
            load.start();
            paced.start();
            int base = 2;
            for (boolean closed : List.of(true, false)) {
                closedLoop.set(closed);
                String client = closed ? "closed loop: " : "paced " + PACED_RATE + "/s: ";
                Thread.sleep(500);
                requests.getIntervalHistogram();
                await(() -> requests.getIntervalHistogram().getTotalCount() > 0);
                Thread.sleep(2_000);
                runs.add(idle(client + "no apply (3 s of requests, the noise floor)", requests, gc));
                List<Supplier<String>> texts = passes.get(closed ? 0 : 1).texts(base);
                runs.add(measure(client + "snapshot, 100,000 entities" + (closed ? " (first)" : " (all routes changed)"),
                        texts.get(0), toGateway.get(), answers, gateway, requests, gc));
                assertThat(gateway.config().current().router().size()).isEqualTo(PAIRS);
                runs.add(measure(client + "delta: one route added", texts.get(1), toGateway.get(), answers, gateway,
                        requests, gc));
                assertThat(gateway.config().current().router().size()).isEqualTo(PAIRS + 1);
                runs.add(measure(client + "delta: one route deleted", texts.get(2), toGateway.get(), answers, gateway,
                        requests, gc));
                for (int run = 3; run < 5; run++) {
                    runs.add(measure(client + "snapshot, 100,000 entities (all routes changed)", texts.get(run),
                            toGateway.get(), answers, gateway, requests, gc));
                }
                runs.add(measure(client + "snapshot identical to the config held (a reconnect)", texts.get(5),
                        toGateway.get(), answers, gateway, requests, gc));
                assertThat(gateway.config().current().router().size()).isEqualTo(PAIRS);
                base += texts.size();
            }
        } finally {
            running.set(false);
            load.join(5_000);
            paced.join(5_000);
            gateway.close();
            hub.disposeNow();
            upstream.disposeNow();
            gc.close();
        }
        String report = report(runs) + (failures.get() == 0 ? "" : "\nfailed requests: " + failureReasons + "\n");
        System.out.println(report);
        Files.writeString(Path.of("target", "config-apply-benchmark.md"), report);
        assertThat(failures.get()).as("failed requests: %s", failureReasons).isZero();
    }

    /** The route the deltas add and delete. */
    static SyncEntity oneMoreRoute() {
        return entity("route", id("route:one-more"), "{\"name\":\"one-more\",\"paths\":[\"/one-more\"],"
                + "\"service\":{\"id\":\"" + id("live") + "\"}}");
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Run measure(String what, Supplier<String> message, Sinks.Many<String> hub,
            BlockingQueue<Answer> answers, SyncedGateway gateway, Recorder requests, GcWatch gc) throws Exception {
        String text = message.get();
        System.gc();
        Thread.sleep(500);
        requests.getIntervalHistogram();
        gc.reset();
        String loadBefore = loadAverage();
        long sent = System.nanoTime();
        long acked = send(hub, text, answers);
        Thread.sleep(100);
        Histogram during = requests.getIntervalHistogram();
        return new Run(what, text.getBytes(StandardCharsets.UTF_8).length, (acked - sent) / 1_000_000,
                gateway.syncClient().lastApply(), during, gc.pauses(), gc.maxPauseMillis(), gc.totalMillis(),
                gc.peakHeapMb(), loadBefore + " → " + loadAverage());
    }

    private static Run idle(String what, Recorder requests, GcWatch gc) throws InterruptedException {
        requests.getIntervalHistogram();
        gc.reset();
        String loadBefore = loadAverage();
        Thread.sleep(3_000);
        return new Run(what, 0, 0, null, requests.getIntervalHistogram(), gc.pauses(), gc.maxPauseMillis(),
                gc.totalMillis(), gc.peakHeapMb(), loadBefore + " → " + loadAverage());
    }

    private static long send(Sinks.Many<String> hub, String text, BlockingQueue<Answer> answers)
            throws InterruptedException {
        hub.tryEmitNext(text).orThrow();
        return answer(answers);
    }

    private static long answer(BlockingQueue<Answer> answers) throws InterruptedException {
        Answer answer = answers.poll(5, TimeUnit.MINUTES);
        assertThat(answer).as("an answer from the gateway").isNotNull();
        assertThat(answer.message()).as("the gateway's answer").isInstanceOf(Ack.class);
        return answer.atNanos();
    }

    private static String report(List<Run> runs) {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nConfig apply benchmark: %d cores, max heap %d MB, GC %s, %s%n%n",
                runtime.availableProcessors(), runtime.maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                    .collect(Collectors.joining(" + ")), System.getProperty("java.vm.version")));
        out.append("| apply | message | send → ACK | decode | hash | check | compile | cache | swap | sync thread CPU"
                + " | requests during | p99 | max | GC pauses (max) | peak heap | load average |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                + "| --- |\n");
        for (Run run : runs) {
            ApplyTimings t = run.timings();
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %.1f ms | %.1f ms | %d (%d ms) "
                    + "| %d MB | %s |%n", run.what(), run.bytes() == 0 ? "" : bytes(run.bytes()),
                    t == null ? "" : run.endToEndMillis() + " ms", ms(t == null ? null : t.decode()),
                    ms(t == null ? null : t.hash()), ms(t == null ? null : t.check()), ms(t == null ? null : t.compile()),
                    ms(t == null ? null : t.cache()), ms(t == null ? null : t.swap()), ms(t == null ? null : t.cpu()),
                    run.requests().getTotalCount(),
                    run.requests().getValueAtPercentile(99) / 1000.0, run.requests().getMaxValue() / 1000.0,
                    run.gcPauses(), run.gcMaxPauseMillis(), run.peakHeapMb(), run.load()));
        }
        return out.toString();
    }

    private static String bytes(int bytes) {
        return bytes >= 1_000_000 ? String.format("%.1f MB", bytes / 1e6) : bytes + " B";
    }

    private static String ms(Duration duration) {
        return duration == null ? "" : String.valueOf(duration.toMillis());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0];
        } catch (IOException ex) {
            return "?";
        }
    }

    private static SyncEntity entity(String type, String id, String json) {
        JsonNode document = ConfigJson.json().readTree(json);
        ((tools.jackson.databind.node.ObjectNode) document).put("id", id);
        return new SyncEntity(type, id, EntityTypes.normalForm(EntityTypes.find(type).orElseThrow(), document));
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** {@code GET /live} over one kept-alive socket, reading the status line, headers and a Content-Length body. */
    static final class LiveClient implements AutoCloseable {

        private static final byte[] REQUEST = "GET /live HTTP/1.1\r\nHost: live\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private final java.net.Socket socket;
        private final java.io.InputStream in;
        private final java.io.OutputStream out;
        private final byte[] line = new byte[8192];

        LiveClient(int port) throws IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        int get() throws IOException {
            out.write(REQUEST);
            out.flush();
            String status = readLine();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = 0;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(header.substring(15).trim());
                }
            }
            for (long skipped = 0; skipped < length; skipped++) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
            }
            return code;
        }

        private String readLine() throws IOException {
            int size = 0;
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r' && size < line.length) {
                    line[size++] = (byte) b;
                }
            }
            return new String(line, 0, size, StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** GC pauses (from the collectors' notifications) and peak heap since the last reset. */
    static final class GcWatch implements AutoCloseable {

        private final AtomicLong pauses = new AtomicLong();
        private final AtomicLong maxPause = new AtomicLong();
        private final AtomicLong total = new AtomicLong();
        private final List<Runnable> removals = new ArrayList<>();

        GcWatch() {
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                NotificationEmitter emitter = (NotificationEmitter) bean;
                javax.management.NotificationListener listener = (notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                        .from((CompositeData) notification.getUserData());
                    // Concurrent cycles (G1 Concurrent GC, ZGC Cycles) run beside the application: not pauses.
                    if (info.getGcName().contains("Concurrent") || info.getGcName().contains("Cycles")) {
                        return;
                    }
                    long millis = info.getGcInfo().getDuration();
                    pauses.incrementAndGet();
                    total.addAndGet(millis);
                    maxPause.accumulateAndGet(millis, Math::max);
                };
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ex) {
                        // already gone
                    }
                });
            }
        }

        void reset() {
            pauses.set(0);
            maxPause.set(0);
            total.set(0);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        long pauses() {
            return pauses.get();
        }

        long maxPauseMillis() {
            return maxPause.get();
        }

        long totalMillis() {
            return total.get();
        }

        long peakHeapMb() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() >> 20;
        }

        @Override
        public void close() {
            removals.forEach(Runnable::run);
        }
    }
}
