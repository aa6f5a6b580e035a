package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DB-less executable end to end: a Kong-style file in, traffic, status and metrics out, graceful stop. */
@Timeout(60)
class GatewayApplicationIT {

    @TempDir
    Path dir;

    private Path kongFile(int upstreamPort) throws Exception {
        String yaml = """
        _format_version: "3.0"
        services:
          - name: orders
            url: http://127.0.0.1:%d/v1
            retry:
              num_retries: 2
              retry_on: ["503"]
            routes:
              - name: orders-route
                paths: ["/orders"]
                plugins:
                  - name: rate-limiting
                    config: {minute: 2}
            plugins:
              - name: key-auth
                config: {hide_credentials: true}
          - name: slow
            url: http://127.0.0.1:%d
            routes:
              - name: slow-route
                paths: ["/slow"]
        consumers:
          - username: alice
            keyauth_credentials:
              - key: alice-secret
        """.formatted(upstreamPort, upstreamPort);
        Path file = dir.resolve("kong.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void servesAKongStyleFileWithStatusAndMetrics() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayApplication app = GatewayApplication.start(new String[] {"--config", kongFile(upstream.port()).toString(),
                        "--host", "127.0.0.1", "--port", "0", "--status-port", "0"})) {
            TestClient client = new TestClient(app.proxyPort());
            assertThat(client.get("/orders/1").status()).isEqualTo(401);
            upstream.then(TestUpstream.Behaviour.status(503));
            TestClient.Response ok = client.get("/orders/1", Map.of("apikey", "alice-secret"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(upstream.last().uri()).isEqualTo("/v1/1");
            assertThat(upstream.last().headers().contains("apikey")).isFalse();
            assertThat(upstream.received()).hasSize(2);
            assertThat(client.get("/orders/1", Map.of("apikey", "alice-secret")).status()).isEqualTo(200);
            assertThat(client.get("/orders/1", Map.of("apikey", "alice-secret")).status()).isEqualTo(429);

            TestClient status = new TestClient(app.statusPort());
            TestClient.Response health = status.get("/status");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"routes\":2")
                    .contains("\"hash\":\"" + app.config().current().hash() + "\"").contains("uptime_seconds");
            String metrics = status.get("/metrics").body();
            assertThat(metrics).contains("gatehouse_http_requests_total{route=\"orders-route\",service=\"orders\",status=\"200\"} 2")
                    .contains("gatehouse_rate_limit_rejections_total{route=\"orders-route\"} 1")
                    .contains("gatehouse_request_latency_ms_bucket{route=\"orders-route\",le=\"+Inf\"}")
                    .contains("gatehouse_upstream_target_health")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void withAnalyticsOnEveryRequestIsAggregatedIntoReportsShownInMetrics() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayApplication app = GatewayApplication.start(new String[] {"--config", kongFile(upstream.port()).toString(),
                        "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--analytics", "true"})) {
            TestClient client = new TestClient(app.proxyPort());
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/slow/" + i).status()).isEqualTo(200);
            }
            assertThat(client.get("/orders/1").status()).isEqualTo(401);
            assertThat(client.get("/nowhere").status()).isEqualTo(404);
            TestClient status = new TestClient(app.statusPort());
            assertThat(status.get("/metrics").body()).contains("gatehouse_analytics_requests_recorded_total 5");
            // The 10 s bucket closes one second after its end; DB-less, its report stays in the outbox.
            io.gatehouse.gateway.testing.Await.until(Duration.ofSeconds(25),
                    () -> !status.get("/metrics").body().contains("gatehouse_analytics_reports_pending 0"));
            assertThat(status.get("/metrics").body()).contains("gatehouse_analytics_reports_dropped_total 0",
                    "gatehouse_analytics_keys_folded_total 0");
        }
    }

    @Test
    void shutdownStopsAcceptingAndDrainsInFlightRequests() throws Exception {
        TestUpstream upstream = new TestUpstream();
        GatewayApplication app = GatewayApplication.start(new String[] {"--config", kongFile(upstream.port()).toString(),
                "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--drain-seconds", "10"});
        try {
            upstream.then(TestUpstream.Behaviour.delayed(Duration.ofMillis(800)));
            TestClient client = new TestClient(app.proxyPort());
            CompletableFuture<TestClient.Response> inFlight = CompletableFuture.supplyAsync(() -> client.get("/slow"));
            io.gatehouse.gateway.testing.Await.until(Duration.ofSeconds(5), () -> upstream.received().size() == 1);

            app.close();

            assertThat(inFlight.get().status()).isEqualTo(200);
            assertThat(new java.net.Socket()).satisfies(socket -> {
                try (socket) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", app.proxyPort()), 1000);
                    throw new AssertionError("gateway still accepts connections after shutdown");
                } catch (java.io.IOException expected) {
                    assertThat(expected).isInstanceOf(java.net.ConnectException.class);
                }
            });
        } finally {
            upstream.close();
        }
    }

    @Test
    void aBrokenFileIsRefusedWithTheReason() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "services:\n  - name: x\n    url: not a url\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayApplication.start(
                new String[] {"--config", file.toString(), "--port", "0", "--status-port", "0"}))
                .isInstanceOf(io.gatehouse.gateway.config.ConfigException.class);
    }
}
