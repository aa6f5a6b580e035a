package io.gatehouse.gateway.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.plugins.ratelimit.RedisCounters;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code redis} rate-limiting policy against a real Redis: a local {@code redis-server} started on a
 * free port (the test is skipped when the binary is not installed).
 */
@Timeout(60)
class RedisRateLimitIT {

    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        File binary = new File("/usr/bin/redis-server");
        assumeTrue(binary.canExecute(), "redis-server is not installed");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = new ProcessBuilder(binary.getPath(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        io.gatehouse.gateway.testing.Await.until(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static TestGateway gateway(TestUpstream upstream, Map<String, Object> config) {
        LocalCounters local = new LocalCounters(Clock.systemUTC());
        PluginFactory factory = new PluginFactory(Consumers.empty(), Clock.systemUTC(), new GatewayMetrics(), local,
                c -> new RedisCounters(c, local), "node");
        Plugin plugin = factory.create(new PluginDefinition("rl-shared", "rate-limiting", null, true, config, null, null,
                null, null, null, null));
        return new TestGateway(new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port())
                .plugins("r", new PluginChain(List.of(plugin))).build());
    }

    @Test
    void twoGatewaysShareOneLimitThroughRedis() {
        Map<String, Object> config = Map.of("minute", 3, "hour", 1000, "policy", "redis", "limit_by", "header",
                "header_name", "X-Client", "redis", Map.of("host", "127.0.0.1", "port", port));
        String client = "c-" + System.nanoTime();
        try (TestUpstream upstream = new TestUpstream(); TestGateway first = gateway(upstream, config);
                TestGateway second = gateway(upstream, config)) {
            assertThat(first.client.get("/a", Map.of("X-Client", client)).status()).isEqualTo(200);
            assertThat(second.client.get("/a", Map.of("X-Client", client)).status()).isEqualTo(200);
            assertThat(first.client.get("/a", Map.of("X-Client", client)).header("X-RateLimit-Remaining-Minute"))
                    .isEqualTo("0");
            assertThat(second.client.get("/a", Map.of("X-Client", client)).status()).isEqualTo(429);
            assertThat(first.client.get("/a", Map.of("X-Client", client)).status()).isEqualTo(429);
        }
    }

    @Test
    void anUnreachableRedisFallsBackToLocalCountingWhenFaultTolerant() throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        try (TestUpstream upstream = new TestUpstream();
                TestGateway tolerant = gateway(upstream, Map.of("minute", 1, "policy", "redis",
                        "redis", Map.of("host", "127.0.0.1", "port", dead, "timeout", 500)));
                TestGateway strict = gateway(upstream, Map.of("minute", 1, "policy", "redis", "fault_tolerant", false,
                        "redis", Map.of("host", "127.0.0.1", "port", dead, "timeout", 500)))) {
            assertThat(tolerant.client.get("/a").status()).isEqualTo(200);
            assertThat(tolerant.client.get("/a").status()).isEqualTo(429);
            assertThat(strict.client.get("/a").status()).isEqualTo(500);
        }
    }
}
