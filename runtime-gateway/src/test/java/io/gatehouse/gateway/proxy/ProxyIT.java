package io.gatehouse.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.retry.RetryRules;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.runtime.ServiceSettings;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import io.gatehouse.gateway.upstream.Balancing;
import io.gatehouse.gateway.upstream.HealthPolicy;
import io.gatehouse.gateway.retry.RetryTimer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProxyIT {

    private TestUpstream upstream;

    @BeforeEach
    void startUpstream() {
        upstream = new TestUpstream();
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void proxiesAndMarksEveryResponseWithARequestIdAndVia() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            TestClient.Response response = gateway.client.get("/api/orders?x=1");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("echo GET /orders?x=1 ");
            assertThat(response.header("X-Request-Id")).hasSize(32);
            assertThat(response.header("Via")).isEqualTo(ProxyHeaders.VIA);
            Await.until(Duration.ofSeconds(5), () -> gateway.metrics.requestCount("r1", "s1", 200) == 1);
        }
    }

    @Test
    void unmatchedRequestIsA404WithJsonNamingTheRequestId() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            TestClient.Response response = gateway.client.get("/other");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("content-type")).startsWith("application/json");
            assertThat(response.body()).isEqualTo("{\"message\":\"no Route matched with those values\",\"request_id\":\""
                    + response.header("X-Request-Id") + "\"}");
            assertThat(upstream.received()).isEmpty();
        }
    }

    @Test
    void stripPathAndServicePathShapeTheForwardedPath() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("strip", "s1", "/strip"))
                .route(Route.ofPaths("keep", "s2", "/keep").withStripPath(false))
                .service("s1", upstream.port())
                .service(ServiceSettings.http("s2").withPath("/base"), RetryRules.none(), Balancing.roundRobin(),
                        HealthPolicy.defaults(), upstream.port())
                .build())) {
            gateway.client.get("/strip/a/b");
            assertThat(upstream.last().uri()).isEqualTo("/a/b");
            gateway.client.get("/strip");
            assertThat(upstream.last().uri()).isEqualTo("/");
            gateway.client.get("/keep/c?q=2");
            assertThat(upstream.last().uri()).isEqualTo("/base/keep/c?q=2");
        }
    }

    @Test
    void pathsAreNormalizedBeforeRoutingSoDotSegmentsCannotEscapeARoute() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("public", "s1", "/public").withStripPath(false)).service("s1", upstream.port())
                .build())) {
            assertThat(gateway.client.get("/public/../admin").status()).isEqualTo(404);
            assertThat(gateway.client.get("/public/%2e%2e/admin").status()).isEqualTo(404);
            assertThat(gateway.client.get("/public/a/./b/../c").status()).isEqualTo(200);
            assertThat(upstream.last().uri()).isEqualTo("/public/a/c");
            assertThat(gateway.client.get("/public/%zz").status()).isEqualTo(400);
            assertThat(upstream.received()).hasSize(1);
        }
    }

    @Test
    void hostHeaderIsTheTargetsUnlessTheRoutePreservesIt() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("plain", "s1", "/plain"))
                .route(Route.ofPaths("kept", "s1", "/kept").withPreserveHost(true))
                .service("s1", upstream.port()).build())) {
            gateway.client.get("/plain", Map.of("Host", "api.example.com"));
            assertThat(upstream.last().headers().get("Host")).isEqualTo("127.0.0.1:" + upstream.port());
            gateway.client.get("/kept", Map.of("Host", "api.example.com"));
            assertThat(upstream.last().headers().get("Host")).isEqualTo("api.example.com");
        }
    }

    @Test
    void forwardedHeadersAreAddedAndHopByHopHeadersDropped() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            gateway.client.get("/api/x", Map.of("Host", "shop.example.com:8443", "X-Forwarded-For", "10.0.0.9",
                    "Connection", "keep-alive, X-Secret", "X-Secret", "s3cr3t", "Keep-Alive", "timeout=5",
                    "Proxy-Authorization", "Basic abc", "X-Kept", "yes"));
            var seen = upstream.last().headers();

            assertThat(seen.get("X-Forwarded-For")).isEqualTo("10.0.0.9, 127.0.0.1");
            assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(seen.get("X-Forwarded-Host")).isEqualTo("shop.example.com");
            assertThat(seen.get("X-Forwarded-Port")).isEqualTo(String.valueOf(gateway.port()));
            assertThat(seen.get("X-Forwarded-Path")).isEqualTo("/api/x");
            assertThat(seen.get("X-Real-IP")).isEqualTo("127.0.0.1");
            assertThat(seen.get("Via")).isEqualTo(ProxyHeaders.VIA);
            assertThat(seen.get("X-Kept")).isEqualTo("yes");
            assertThat(seen.contains("X-Secret")).isFalse();
            assertThat(seen.contains("Keep-Alive")).isFalse();
            assertThat(seen.contains("Proxy-Authorization")).isFalse();
        }
    }

    @Test
    void largeBodiesStreamThroughIntact() {
        String body = "x".repeat(3 * 1024 * 1024);
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            TestClient.Response response = gateway.client.send("POST", "/api/upload", Map.of(), body);

            assertThat(response.status()).isEqualTo(200);
            assertThat(upstream.last().body()).hasSize(body.length());
            assertThat(response.body()).endsWith(body);
        }
    }

    @Test
    void upstreamRefusingConnectionsIsA502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", closedPort).build())) {
            TestClient.Response response = gateway.client.get("/api");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.body()).contains("An invalid response was received from the upstream server");
        }
    }

    @Test
    void upstreamTooSlowIsA504() {
        upstream.then(TestUpstream.Behaviour.delayed(Duration.ofSeconds(3)));
        ServiceSettings slow = ServiceSettings.http("s1")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(1));
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api"))
                .service(slow, RetryRules.none(), Balancing.roundRobin(), HealthPolicy.defaults(), upstream.port())
                .build())) {
            TestClient.Response response = gateway.client.get("/api");

            assertThat(response.status()).isEqualTo(504);
            assertThat(response.body()).contains("The upstream server is timing out");
        }
    }

    @Test
    void noTargetIsA503() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1").build())) {
            TestClient.Response response = gateway.client.get("/api");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).contains("failure to get a peer from the ring-balancer");
        }
    }

    @Test
    void servesCleartextHttp2() {
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            TestClient.Response response = TestClient.h2c(gateway.port()).get("/api/h2");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("echo GET /h2 ");
            assertThat(response.header("X-Request-Id")).hasSize(32);
        }
    }

    @Test
    void oversizedUriHeadersAndMalformedRequestsGetJsonErrors() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withUriAndHeaders(256, 2048);
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r1", "s1", "/")).service("s1", upstream.port()).build(), limits,
                RetryTimer.standard())) {
            assertThat(raw(gateway.port(), "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 414").contains("\"message\":\"URI too long\"");
            assertThat(raw(gateway.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431").contains("Request header fields too large");
            assertThat(raw(gateway.port(), "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400").contains("request_id");
            assertThat(raw(gateway.port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
            assertThat(gateway.client.get("/ok").status()).isEqualTo(200);
        }
    }

    @Test
    void configSwapAppliesToTheNextRequest() {
        try (TestUpstream second = new TestUpstream();
                TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                        .route(Route.ofPaths("r1", "s1", "/api")).service("s1", upstream.port()).build())) {
            assertThat(gateway.client.get("/api").header("x-upstream-port")).isEqualTo(String.valueOf(upstream.port()));

            gateway.config.swap(new TestGateway.Snapshot()
                    .route(Route.ofPaths("r2", "s2", "/v2")).service("s2", second.port()).build());

            assertThat(gateway.client.get("/api").status()).isEqualTo(404);
            assertThat(gateway.client.get("/v2").header("x-upstream-port")).isEqualTo(String.valueOf(second.port()));
        }
    }

    static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder text = new StringBuilder();
            int read;
            while ((read = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") > 0 && text.toString().contains("}")) {
                    break;
                }
            }
            return text.toString();
        }
    }
}
