package io.gatehouse.gateway.plugins;

import static io.gatehouse.gateway.plugins.PluginGateways.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.gatehouse.gateway.server.ServerLimits;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each plugin through real sockets: gateway with a plugin chain in front of a recording upstream. */
@Timeout(30)
class PluginsIT {

    private static final Consumers CONSUMERS = Consumers.of(
            List.of(new ConsumerDefinition("c-alice", "alice", "A-1", List.of(), List.of()),
                    new ConsumerDefinition("c-bob", "bob", null, List.of(), List.of()),
                    new ConsumerDefinition("c-anon", "anonymous", null, List.of(), List.of())),
            List.of(new KeyAuthCredential("k1", "alice-key", null, List.of(), EntityRef.ofName("alice")),
                    new KeyAuthCredential("k2", null, SecretHashes.keyHash("bob-key"), List.of(), EntityRef.ofName("bob"))),
            List.of(new BasicAuthCredential("b1", "alice", "wonderland", null, List.of(), EntityRef.ofName("alice"))
                    .hashed(new SecretHashes(new SecureRandom(), 1000))),
            List.of(),
            List.of(new AclGroup("g1", "admins", List.of(), EntityRef.ofName("alice")),
                    new AclGroup("g2", "banned", List.of(), EntityRef.ofName("bob"))));

    @RegisterExtension
    final PluginGateways gateways = new PluginGateways(CONSUMERS);

    @Test
    void keyAuthRejectsMissingAndUnknownKeysAndNamesTheConsumer() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of("hide_credentials", true)))) {
            TestClient.Response missing = gateway.client.get("/x");
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.body()).contains("No API key found in request");
            assertThat(missing.header("WWW-Authenticate")).startsWith("Key");

            assertThat(gateway.client.get("/x", Map.of("apikey", "wrong")).status()).isEqualTo(401);
            assertThat(gateways.upstream().received()).isEmpty();

            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-key")).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().headers().get("X-Consumer-Username")).isEqualTo("alice");
            assertThat(gateways.upstream().last().headers().get("X-Consumer-Custom-ID")).isEqualTo("A-1");
            assertThat(gateways.upstream().last().headers().contains("apikey")).isFalse();

            assertThat(gateway.client.get("/x?apikey=bob-key&keep=1").status()).isEqualTo(200);
            assertThat(gateways.upstream().last().headers().get("X-Consumer-ID")).isEqualTo("c-bob");
            assertThat(gateways.upstream().last().uri()).isEqualTo("/x?keep=1");
        }
    }

    @Test
    void keyAuthWithAnAnonymousConsumerLetsKeylessRequestsThrough() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of("anonymous", "anonymous")))) {
            assertThat(gateway.client.get("/x").status()).isEqualTo(200);
            assertThat(gateways.upstream().last().headers().get("X-Anonymous-Consumer")).isEqualTo("true");
        }
    }

    @Test
    void basicAuthChecksPasswordHashes() {
        try (TestGateway gateway = gateways.start(plugin("basic-auth", Map.of("hide_credentials", true)))) {
            assertThat(gateway.client.get("/x").status()).isEqualTo(401);
            assertThat(gateway.client.get("/x", Map.of("Authorization", basic("alice", "nope"))).status()).isEqualTo(401);
            for (int i = 0; i < 2; i++) {
                assertThat(gateway.client.get("/x", Map.of("Authorization", basic("alice", "wonderland"))).status())
                        .isEqualTo(200);
                assertThat(gateways.upstream().last().headers().get("X-Consumer-Username")).isEqualTo("alice");
                assertThat(gateways.upstream().last().headers().contains("Authorization")).isFalse();
            }
        }
    }

    @Test
    void aclAllowsAndDeniesByGroupAfterAuthentication() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("acl", Map.of("allow", List.of("admins"))))) {
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-key")).status()).isEqualTo(200);
            assertThat(gateways.upstream().last().headers().get("X-Consumer-Groups")).isEqualTo("admins");
            TestClient.Response bob = gateway.client.get("/x", Map.of("apikey", "bob-key"));
            assertThat(bob.status()).isEqualTo(403);
            assertThat(bob.body()).contains("You cannot consume this service");
        }
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("acl", Map.of("deny", List.of("banned"))))) {
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-key")).status()).isEqualTo(200);
            assertThat(gateway.client.get("/x", Map.of("apikey", "bob-key")).status()).isEqualTo(403);
        }
    }

    @Test
    void corsAnswersPreflightsAndDecoratesResponses() {
        try (TestGateway gateway = gateways.start(plugin("cors", Map.of("origins", List.of("https://app.example.com"),
                "credentials", true, "max_age", 600, "exposed_headers", List.of("X-Total"))))) {
            TestClient.Response preflight = gateway.client.send("OPTIONS", "/x", Map.of("Origin", "https://app.example.com",
                    "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "X-Custom"), null);
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT");
            assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("X-Custom");
            assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
            assertThat(preflight.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(gateways.upstream().received()).isEmpty();

            TestClient.Response simple = gateway.client.get("/x", Map.of("Origin", "https://app.example.com"));
            assertThat(simple.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(simple.header("Access-Control-Expose-Headers")).isEqualTo("X-Total");
            assertThat(gateway.client.get("/x", Map.of("Origin", "https://evil.example")).header(
                    "Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void ipRestrictionDeniesAndAllowsByCidr() {
        try (TestGateway gateway = gateways.start(plugin("ip-restriction", Map.of("deny", List.of("127.0.0.0/8"))))) {
            TestClient.Response denied = gateway.client.get("/x");
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.body()).contains("Your IP address is not allowed");
        }
        try (TestGateway gateway = gateways.start(plugin("ip-restriction", Map.of("allow", List.of("10.0.0.0/8"))))) {
            assertThat(gateway.client.get("/x").status()).isEqualTo(403);
        }
        try (TestGateway gateway = gateways.start(plugin("ip-restriction", Map.of("allow", List.of("2001:db8::/32",
                "127.0.0.1"))))) {
            assertThat(gateway.client.get("/x").status()).isEqualTo(200);
        }
    }

    @Test
    void requestSizeLimitingRejectsDeclaredAndStreamedBodiesOverTheLimit() {
        try (TestGateway gateway = gateways.start(plugin("request-size-limiting", Map.of("allowed_payload_size", 10,
                "size_unit", "bytes")))) {
            assertThat(gateway.client.send("POST", "/x", Map.of("Content-Length", "11"), "01234567890").status())
                    .isEqualTo(413);
            assertThat(gateway.client.send("POST", "/x", Map.of(), "0123456789-too-long").status()).isEqualTo(413);
            assertThat(gateway.client.send("POST", "/x", Map.of(), "small").status()).isEqualTo(200);
            assertThat(gateways.upstream().last().body()).isEqualTo("small");
        }
    }

    @Test
    void correlationIdIsForwardedKeptAndEchoed() {
        try (TestGateway gateway = gateways.start(plugin("correlation-id", Map.of("header_name", "X-Correlation-ID",
                "echo_downstream", true)))) {
            TestClient.Response response = gateway.client.get("/x");
            String generated = gateways.upstream().last().headers().get("X-Correlation-ID");
            assertThat(generated).matches("[0-9a-f-]{36}#\\d+");
            assertThat(response.header("X-Correlation-ID")).isEqualTo(generated);

            assertThat(gateway.client.get("/x", Map.of("X-Correlation-ID", "given-1")).header("X-Correlation-ID"))
                    .isEqualTo("given-1");
            assertThat(gateways.upstream().last().headers().get("X-Correlation-ID")).isEqualTo("given-1");
        }
    }

    @Test
    void rateLimitingCountsPerConsumerAndAnswers429WithHeaders() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("rate-limiting", Map.of("minute", 3, "hour", 100)))) {
            for (int i = 0; i < 3; i++) {
                TestClient.Response ok = gateway.client.get("/x", Map.of("apikey", "alice-key"));
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.header("X-RateLimit-Limit-Minute")).isEqualTo("3");
                assertThat(ok.header("X-RateLimit-Remaining-Minute")).isEqualTo(String.valueOf(2 - i));
                assertThat(ok.header("X-RateLimit-Limit-Hour")).isEqualTo("100");
                assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
                assertThat(ok.header("RateLimit-Remaining")).isEqualTo(String.valueOf(2 - i));
                assertThat(Long.parseLong(ok.header("RateLimit-Reset"))).isBetween(1L, 60L);
            }
            TestClient.Response limited = gateway.client.get("/x", Map.of("apikey", "alice-key"));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body()).contains("API rate limit exceeded");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(limited.header("X-RateLimit-Remaining-Minute")).isEqualTo("0");

            assertThat(gateway.client.get("/x", Map.of("apikey", "bob-key")).status()).isEqualTo(200);
            assertThat(gateways.upstream().received()).hasSize(4);
        }
    }

    @Test
    void rateLimitingByHeaderCountsEachValueSeparately() {
        try (TestGateway gateway = gateways.start(plugin("rate-limiting", Map.of("second", 1, "minute", 1,
                "limit_by", "header", "header_name", "X-Tenant")))) {
            assertThat(gateway.client.get("/x", Map.of("X-Tenant", "a")).status()).isEqualTo(200);
            assertThat(gateway.client.get("/x", Map.of("X-Tenant", "a")).status()).isEqualTo(429);
            assertThat(gateway.client.get("/x", Map.of("X-Tenant", "b")).status()).isEqualTo(200);
        }
    }

    @Test
    void requestTransformerEditsHeadersQueryAndPath() {
        try (TestGateway gateway = gateways.start(plugin("request-transformer", Map.of(
                "remove", Map.of("headers", List.of("X-Drop"), "querystring", List.of("secret")),
                "rename", Map.of("headers", List.of("X-Old:X-New")),
                "replace", Map.of("headers", List.of("X-Mode:replaced", "X-Absent:never"), "uri", "/rewritten"),
                "add", Map.of("headers", List.of("X-Added:yes", "X-Mode:not-added"), "querystring", List.of("v:2")),
                "append", Map.of("headers", List.of("X-Multi:b")))))) {
            gateway.client.get("/orig?secret=1&keep=1", Map.of("X-Drop", "1", "X-Old", "o", "X-Mode", "m", "X-Multi", "a"));
            var seen = gateways.upstream().last();
            assertThat(seen.uri()).isEqualTo("/rewritten?keep=1&v=2");
            assertThat(seen.headers().contains("X-Drop")).isFalse();
            assertThat(seen.headers().get("X-New")).isEqualTo("o");
            assertThat(seen.headers().contains("X-Old")).isFalse();
            assertThat(seen.headers().get("X-Mode")).isEqualTo("replaced");
            assertThat(seen.headers().contains("X-Absent")).isFalse();
            assertThat(seen.headers().get("X-Added")).isEqualTo("yes");
            assertThat(seen.headers().getAll("X-Multi")).containsExactly("a", "b");
        }
    }

    @Test
    void responseTransformerEditsResponseHeaders() {
        try (TestGateway gateway = gateways.start(plugin("response-transformer", Map.of(
                "remove", Map.of("headers", List.of("x-upstream-port")),
                "rename", Map.of("headers", List.of("content-type:X-Original-Type")),
                "add", Map.of("headers", List.of("X-Served-By:gatehouse")))))) {
            TestClient.Response response = gateway.client.get("/x");
            assertThat(response.header("x-upstream-port")).isNull();
            assertThat(response.header("X-Original-Type")).isEqualTo("text/plain");
            assertThat(response.header("X-Served-By")).isEqualTo("gatehouse");
        }
    }

    @Test
    void prometheusCountsRequestsPerConsumer() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("prometheus", Map.of("per_consumer", true)))) {
            gateway.client.get("/x", Map.of("apikey", "alice-key"));
            gateway.client.get("/x", Map.of("apikey", "alice-key"));
            io.gatehouse.gateway.testing.Await.until(java.time.Duration.ofSeconds(5), () -> gateways.metrics().render(
                    gateway.config.current()).contains("gatehouse_consumer_requests_total{route=\"r\",consumer=\"alice\",status=\"200\"} 2"));
        }
    }

    @Test
    void httpLogSendsBatchesToTheEndpoint() {
        try (TestUpstream collector = new TestUpstream()) {
            try (TestGateway gateway = gateways.start(plugin("http-log", Map.of("http_endpoint",
                    "http://127.0.0.1:" + collector.port() + "/logs", "queue", Map.of("max_batch_size", 2,
                            "max_coalescing_delay", 0.2))))) {
                java.util.List<String> ids = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ids.add(gateway.client.get("/logged/" + i).header("X-Request-Id"));
                }
                io.gatehouse.gateway.testing.Await.until(java.time.Duration.ofSeconds(10), () -> collector.received().stream()
                        .mapToLong(r -> ids.stream().filter(id -> r.body().contains(id)).count()).sum() == 3);
                assertThat(collector.received()).allSatisfy(r -> {
                    assertThat(r.method()).isEqualTo("POST");
                    assertThat(r.uri()).isEqualTo("/logs");
                    assertThat(r.body()).startsWith("[{\"request\":{\"method\":\"GET\"");
                });
                assertThat(collector.received()).hasSizeLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void httpLogDropsRatherThanBlocksWhenTheQueueIsFull() throws Exception {
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        var httpLog = (io.gatehouse.gateway.plugins.httplog.HttpLogPlugin) gateways.factory().create(
                plugin("http-log", Map.of("http_endpoint", "http://127.0.0.1:" + dead + "/logs", "queue",
                        Map.of("max_batch_size", 1000, "max_entries", 2, "max_coalescing_delay", 60))));
        try (TestGateway gateway = gateways.start(ServerLimits.defaults(), List.of(httpLog))) {
            for (int i = 0; i < 5; i++) {
                assertThat(gateway.client.get("/x").status()).isEqualTo(200);
            }
            io.gatehouse.gateway.testing.Await.until(java.time.Duration.ofSeconds(5), () -> httpLog.dropped() == 3);
        } finally {
            httpLog.dispose();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
