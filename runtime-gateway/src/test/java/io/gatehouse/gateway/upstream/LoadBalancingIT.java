package io.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.GatewayApplication;
import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestUpstream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * Load balancing and health checks end to end: a gateway started from a Kong-style file, balancing over several
 * real upstream targets, and a client that sees which target answered (the {@code x-upstream-port} header).
 */
@Timeout(120)
class LoadBalancingIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    /** One answer through the gateway: status and the port of the target that produced it (0: the gateway). */
    record Answer(int status, int port, String body) {
    }

    private GatewayApplication start(String yaml) throws IOException {
        Path file = dir.resolve("kong-" + files.incrementAndGet() + ".yaml");
        Files.writeString(file, yaml);
        return GatewayApplication.start(new String[] {"--config", file.toString(), "--host", "127.0.0.1", "--port", "0",
                "--status-port", "0"});
    }

    /** A gateway config with one service over the upstream {@code pool}, routed on every path. */
    private static String pool(String service, String upstream, String extra) {
        return """
                _format_version: "3.0"
                services:
                  - name: api
                    url: http://pool
                %s
                    routes:
                      - name: all
                        paths: ["/"]
                upstreams:
                  - name: pool
                %s
                %s
                """.formatted(service.indent(4).stripTrailing(), upstream.indent(4).stripTrailing(), extra);
    }

    private static String targets(Map<Integer, Integer> weightByPort) {
        StringBuilder yaml = new StringBuilder("targets:\n");
        weightByPort.forEach((port, weight) -> yaml.append("  - target: 127.0.0.1:").append(port)
                .append("\n    weight: ").append(weight).append('\n'));
        return yaml.toString();
    }

    private static String targets(int... ports) {
        Map<Integer, Integer> weights = new LinkedHashMap<>();
        for (int port : ports) {
            weights.put(port, 100);
        }
        return targets(weights);
    }

    private static Mono<Answer> call(HttpClient client, int gatewayPort, String uri, Map<String, String> headers) {
        return client.headers(h -> headers.forEach(h::set))
                .get().uri("http://127.0.0.1:" + gatewayPort + uri)
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> {
                            String port = response.responseHeaders().get("x-upstream-port");
                            return new Answer(response.status().code(), port == null ? 0 : Integer.parseInt(port), text);
                        }));
    }

    private static final HttpClient CLIENT = HttpClient.create().disableRetry(true);

    private static Answer get(GatewayApplication app, String uri, Map<String, String> headers) {
        return call(CLIENT, app.proxyPort(), uri, headers).block(LIMIT);
    }

    private static Answer get(GatewayApplication app, String uri) {
        return get(app, uri, Map.of());
    }

    /** A port nothing listens on: connections to it are refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long proxied(TestUpstream upstream) {
        return upstream.received().stream().filter(r -> !r.uri().equals("/health")).count();
    }

    // ---------------------------------------------------------------- weighted round robin

    @Test
    void weightedRoundRobinSplitsEveryFullCycleExactlyByWeight() throws Exception {
        try (TestUpstream a = new TestUpstream(); TestUpstream b = new TestUpstream(); TestUpstream c = new TestUpstream()) {
            Map<Integer, Integer> weights = new LinkedHashMap<>();
            weights.put(a.port(), 30);
            weights.put(b.port(), 20);
            weights.put(c.port(), 10);
            try (GatewayApplication app = start(pool("", "algorithm: round-robin\n" + targets(weights), ""))) {
                int cycle = 60;
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < 2 * cycle; i++) {
                    Answer answer = get(app, "/rr/" + i);
                    assertThat(answer.status()).isEqualTo(200);
                    order.add(answer.port());
                }
                // Any window of one full cycle (sum of weights) holds each target exactly its weight.
                for (int start = 0; start <= cycle; start += 7) {
                    Map<Integer, Integer> split = count(order.subList(start, start + cycle));
                    assertThat(split).as("split of requests %d..%d", start, start + cycle - 1)
                            .containsExactlyInAnyOrderEntriesOf(weights);
                }
                // Smooth, not in blocks: every 6 consecutive requests (the reduced cycle) are already split 3:2:1.
                for (int start = 0; start + 6 <= order.size(); start++) {
                    assertThat(count(order.subList(start, start + 6))).as("requests %d..%d", start, start + 5)
                            .containsExactlyInAnyOrderEntriesOf(Map.of(a.port(), 3, b.port(), 2, c.port(), 1));
                }
                assertThat(proxied(a)).isEqualTo(60);
                assertThat(proxied(b)).isEqualTo(40);
                assertThat(proxied(c)).isEqualTo(20);
            }
        }
    }

    private static Map<Integer, Integer> count(List<Integer> ports) {
        Map<Integer, Integer> counts = new HashMap<>();
        ports.forEach(port -> counts.merge(port, 1, Integer::sum));
        return counts;
    }

    // ---------------------------------------------------------------- least connections

    @Test
    void leastConnectionsSendsNewRequestsAwayFromATargetBusyWithSlowOnes() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        AtomicInteger held = new AtomicInteger();
        AtomicInteger slowPortRef = new AtomicInteger();
        DisposableServer slow = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    held.incrementAndGet();
                    return request.receive().then(release.asMono())
                            .then(response.header("x-upstream-port", String.valueOf(slowPortRef.get()))
                                    .sendString(Mono.just("late")).then());
                })
                .bindNow();
        int slowPort = slow.port();
        slowPortRef.set(slowPort);
        try (TestUpstream fast = new TestUpstream()) {
            try (GatewayApplication app = start(pool("", "algorithm: least-connections\n"
                    + targets(slowPort, fast.port()), ""))) {
                List<Mono<Answer>> pending = new ArrayList<>();
                // Ties go either way; keep sending until the slow target holds a request in flight.
                for (int i = 0; held.get() < 1; i++) {
                    assertThat(i).as("requests needed to load the slow target").isLessThan(40);
                    int before = held.get();
                    long fastBefore = fast.received().size();
                    pending.add(call(CLIENT, app.proxyPort(), "/load/" + i, Map.of()).cache());
                    pending.get(pending.size() - 1).subscribe();
                    Await.until(LIMIT, () -> held.get() > before || fast.received().size() > fastBefore);
                    // A quick answer ends its attempt just after the client has it; wait for the count to drop.
                    Await.until(LIMIT, () -> inFlight(app, fast.port()) == 0);
                }
                assertThat(inFlight(app, slowPort)).isEqualTo(1);
                long fastBefore = fast.received().size();
                for (int i = 0; i < 10; i++) {
                    Answer answer = get(app, "/new/" + i);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.port()).as("request %d while the other target is busy", i).isEqualTo(fast.port());
                    Await.until(LIMIT, () -> inFlight(app, fast.port()) == 0);
                }
                assertThat(held.get()).isEqualTo(1);
                assertThat(fast.received().size() - fastBefore).isEqualTo(10);

                release.tryEmitEmpty();
                for (Mono<Answer> answer : pending) {
                    assertThat(answer.block(LIMIT).status()).isEqualTo(200);
                }
                Await.until(LIMIT, () -> inFlight(app, slowPort) == 0);
                // Once idle again, both targets share new traffic.
                for (int i = 0; i < 10; i++) {
                    get(app, "/idle/" + i);
                }
                assertThat(held.get()).isGreaterThan(1);
            }
        } finally {
            slow.disposeNow(Duration.ofSeconds(5));
        }
    }

    /** Attempts in flight to the target on {@code port}, as the running gateway's balancer counts them. */
    private static int inFlight(GatewayApplication app, int port) {
        return app.config().current().services().values().stream()
                .flatMap(service -> service.upstream().targets().stream())
                .filter(target -> target.target().port() == port)
                .mapToInt(TargetState::inFlight).max().orElseThrow();
    }

    // ---------------------------------------------------------------- consistent hashing

    @Test
    void hashingOnAHeaderKeepsKeysOnTheirTargetAndRemapsOnlyARemovedTargetsKeys() throws Exception {
        consistentHashing("hash_on: header\nhash_on_header: x-tenant", "",
                (app, key) -> get(app, "/h", Map.of("x-tenant", "tenant-" + key)));
    }

    @Test
    void hashingOnThePathKeepsKeysOnTheirTargetAndRemapsOnlyARemovedTargetsKeys() throws Exception {
        consistentHashing("hash_on: path", "", (app, key) -> get(app, "/items/" + key));
    }

    @Test
    void hashingOnTheConsumerKeepsKeysOnTheirTargetAndRemapsOnlyARemovedTargetsKeys() throws Exception {
        StringBuilder consumers = new StringBuilder("consumers:\n");
        for (int key = 0; key < KEYS; key++) {
            consumers.append("  - username: user-").append(key).append('\n')
                    .append("    keyauth_credentials:\n      - key: secret-").append(key).append('\n');
        }
        consistentHashing("hash_on: consumer", consumers.toString(),
                (app, key) -> get(app, "/c/" + (key * 7 % 3), Map.of("apikey", "secret-" + key)));
    }

    @Test
    void hashingOnTheClientIpKeepsKeysOnTheirTargetAndRemapsOnlyARemovedTargetsKeys() throws Exception {
        consistentHashing("hash_on: ip", "", (app, key) -> {
            // A fresh connection from 127.0.0.<key + 2>: the loopback network answers for all of 127/8.
            HttpClient from = HttpClient.newConnection().disableRetry(true)
                    .bindAddress(() -> new InetSocketAddress("127.0.0." + (key + 2), 0));
            return call(from, app.proxyPort(), "/ip/" + (key % 3), Map.of()).block(LIMIT);
        });
    }

    private static final int KEYS = 40;

    interface KeyedCall {
        Answer send(GatewayApplication app, int key);
    }

    private void consistentHashing(String hashOn, String extra, KeyedCall send) throws Exception {
        String plugins = extra.isEmpty() ? "" : "plugins:\n  - name: key-auth\n";
        try (TestUpstream a = new TestUpstream(); TestUpstream b = new TestUpstream(); TestUpstream c = new TestUpstream()) {
            Map<Integer, Integer> before = new HashMap<>();
            try (GatewayApplication app = start(pool(plugins, "algorithm: consistent-hashing\n" + hashOn + "\n"
                    + targets(a.port(), b.port(), c.port()), extra))) {
                for (int round = 0; round < 3; round++) {
                    for (int key = 0; key < KEYS; key++) {
                        Answer answer = send.send(app, key);
                        assertThat(answer.status()).as("key %d", key).isEqualTo(200);
                        Integer earlier = before.putIfAbsent(key, answer.port());
                        if (earlier != null) {
                            assertThat(answer.port()).as("key %d, round %d", key, round).isEqualTo(earlier);
                        }
                    }
                }
            }
            Map<Integer, Integer> keysPerTarget = count(new ArrayList<>(before.values()));
            assertThat(keysPerTarget.keySet()).as("keys spread over every target")
                    .containsExactlyInAnyOrder(a.port(), b.port(), c.port());

            // Remove c: its keys move to a or b, every other key stays where it was.
            try (GatewayApplication app = start(pool(plugins, "algorithm: consistent-hashing\n" + hashOn + "\n"
                    + targets(a.port(), b.port()), extra))) {
                for (int key = 0; key < KEYS; key++) {
                    Answer answer = send.send(app, key);
                    assertThat(answer.status()).isEqualTo(200);
                    if (before.get(key) == c.port()) {
                        assertThat(answer.port()).as("key %d of the removed target", key).isIn(a.port(), b.port());
                    } else {
                        assertThat(answer.port()).as("key %d of a remaining target", key).isEqualTo(before.get(key));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- passive health checks

    @Test
    void aTargetAnsweringFailureStatusesIsTakenOutAfterTheConfiguredCount() throws Exception {
        try (TestUpstream sick = new TestUpstream(); TestUpstream fine = new TestUpstream()) {
            sick.otherwise(r -> TestUpstream.Behaviour.status(500));
            String health = """
                    healthchecks:
                      passive:
                        unhealthy:
                          http_failures: 3
                          http_statuses: [500]
                    """;
            try (GatewayApplication app = start(pool("retries: 0", targets(sick.port(), fine.port()) + health, ""))) {
                Map<Integer, Integer> statuses = new HashMap<>();
                for (int i = 0; i < 20; i++) {
                    statuses.merge(get(app, "/p/" + i).status(), 1, Integer::sum);
                }
                assertThat(sick.received()).hasSize(3);
                assertThat(fine.received()).hasSize(17);
                assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(500, 3, 200, 17));
            }
        }
    }

    @Test
    void aTargetRefusingConnectionsIsTakenOutAfterTheConfiguredCount() throws Exception {
        int dead = deadPort();
        try (TestUpstream fine = new TestUpstream()) {
            String health = """
                    healthchecks:
                      passive:
                        unhealthy:
                          tcp_failures: 2
                    """;
            try (GatewayApplication app = start(pool("retries: 0", targets(dead, fine.port()) + health, ""))) {
                Map<Integer, Integer> statuses = new HashMap<>();
                for (int i = 0; i < 12; i++) {
                    statuses.merge(get(app, "/p/" + i).status(), 1, Integer::sum);
                }
                assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(502, 2, 200, 10));
                assertThat(fine.received()).hasSize(10);
            }
        }
    }

    @Test
    void whenEveryTargetIsOutTheGatewayAnswers503WithoutCallingAny() throws Exception {
        int dead = deadPort();
        try (TestUpstream sick = new TestUpstream()) {
            sick.otherwise(r -> TestUpstream.Behaviour.status(503));
            String health = """
                    healthchecks:
                      passive:
                        unhealthy:
                          http_failures: 2
                          tcp_failures: 2
                    """;
            try (GatewayApplication app = start(pool("retries: 0", targets(dead, sick.port()) + health, ""))) {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    statuses.add(get(app, "/p/" + i).status());
                }
                assertThat(statuses).containsExactlyInAnyOrder(502, 502, 503, 503);
                assertThat(sick.received()).hasSize(2);
                for (int i = 0; i < 5; i++) {
                    Answer answer = get(app, "/none/" + i);
                    assertThat(answer.status()).isEqualTo(503);
                    assertThat(answer.port()).as("answered by the gateway itself").isZero();
                    assertThat(answer.body()).contains("failure to get a peer from the ring-balancer");
                }
                assertThat(sick.received()).hasSize(2);
            }
        }
    }

    // ---------------------------------------------------------------- active health checks

    /** What the probed target answers on /health, switchable during the test; counts answers per kind. */
    static final class Probes {
        volatile IntFunction<Integer> status = n -> 200;
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        /** Consecutive answers of the latest kind: positive for successes, negative for failures. */
        volatile int streak;

        TestUpstream.Behaviour answer(TestUpstream.Received request) {
            if (!request.uri().equals("/health")) {
                return null;
            }
            int code = status.apply(count.getAndIncrement());
            (code == 200 ? ok : failed).incrementAndGet();
            streak = code == 200 ? Math.max(streak, 0) + 1 : Math.min(streak, 0) - 1;
            return TestUpstream.Behaviour.status(code);
        }
    }

    @Test
    void probesTakeATargetOutAfterNFailuresAndBringItBackAfterMSuccesses() throws Exception {
        Probes probes = new Probes();
        try (TestUpstream probed = new TestUpstream(); TestUpstream other = new TestUpstream()) {
            probed.otherwise(probes::answer);
            String health = """
                    healthchecks:
                      active:
                        http_path: /health
                        timeout: 1
                        healthy:
                          interval: 0.05
                          successes: 2
                        unhealthy:
                          interval: 0.05
                          http_failures: 3
                    """;
            try (GatewayApplication app = start(pool("retries: 0", targets(probed.port(), other.port()) + health, ""))) {
                // Two failures in a row (fewer than 3) between successes never take the target out.
                probes.status = n -> n % 3 == 2 ? 200 : 500;
                int from = probes.count.get();
                long probedBefore = proxied(probed);
                int sent = 0;
                while (probes.count.get() < from + 12) {
                    assertThat(get(app, "/a/" + sent).status()).isEqualTo(200);
                    assertThat(get(app, "/b/" + sent).status()).isEqualTo(200);
                    sent++;
                }
                assertThat(proxied(probed) - probedBefore).as("round-robin share kept").isEqualTo(sent);

                // Three failures in a row take it out.
                probes.status = n -> 500;
                Await.until(LIMIT, () -> outOfRotation(app, probed.port()));
                assertThat(probes.streak).as("failed probes in a row").isLessThanOrEqualTo(-3);
                long out = proxied(probed);
                for (int i = 0; i < 6; i++) {
                    assertThat(get(app, "/out/" + i).port()).isEqualTo(other.port());
                }
                assertThat(proxied(probed)).isEqualTo(out);

                // Single successes between failures do not bring it back (2 in a row needed).
                probes.status = n -> n % 2 == 0 ? 200 : 500;
                int alternatingFrom = probes.count.get();
                while (probes.count.get() < alternatingFrom + 8) {
                    assertThat(get(app, "/still-out").port()).isEqualTo(other.port());
                }
                assertThat(proxied(probed)).isEqualTo(out);

                // Two successes in a row bring it back.
                probes.status = n -> 200;
                Await.until(LIMIT, () -> get(app, "/back").port() == probed.port());
                assertThat(probes.streak).as("successful probes in a row").isGreaterThanOrEqualTo(2);
            }
        }
    }

    /** Whether four requests in a row all avoided {@code port}. */
    private static boolean outOfRotation(GatewayApplication app, int port) {
        for (int i = 0; i < 4; i++) {
            if (get(app, "/probe-wait").port() == port) {
                return false;
            }
        }
        return true;
    }
}
