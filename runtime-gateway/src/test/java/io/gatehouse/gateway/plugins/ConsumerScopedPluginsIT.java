package io.gatehouse.gateway.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.declarative.DeclarativeReader;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plugins scoped to consumers and consumer groups, compiled from a Kong file and driven through real sockets:
 * the instance that runs is chosen after authentication, with Kong's precedence among scopes.
 */
@Timeout(30)
class ConsumerScopedPluginsIT {

    private TestUpstream upstream;

    @BeforeEach
    void start() {
        upstream = new TestUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private TestGateway gateway(String yaml) {
        DeclarativeConfig config = DeclarativeReader.read(yaml.formatted(upstream.port()).getBytes(StandardCharsets.UTF_8))
                .requireValid();
        Clock clock = Clock.systemUTC();
        GatewaySnapshot snapshot = new ConfigCompiler(clock, new GatewayMetrics(), new LocalCounters(clock), c -> {
            throw new IllegalStateException("no redis in this test");
        }, new Random(1), "test").compile(config, 1, "h");
        return new TestGateway(snapshot);
    }

    private static final String CONSUMERS = """
            consumer_groups:
              - name: gold
                plugins:
                  - name: rate-limiting
                    config: {hour: 4}
            consumers:
              - username: alice
                keyauth_credentials: [{key: alice-key}]
                plugins:
                  - name: rate-limiting
                    config: {hour: 2}
              - username: bob
                keyauth_credentials: [{key: bob-key}]
              - username: carol
                groups: [gold]
                keyauth_credentials: [{key: carol-key}]
            """;

    @Test
    void aConsumerScopedRateLimitAppliesToThatConsumerOnlyAfterKeyAuthIdentifiedIt() {
        try (TestGateway gateway = gateway("""
                _format_version: "3.0"
                services:
                  - name: api
                    url: http://127.0.0.1:%d
                    routes:
                      - name: api-route
                        paths: ["/api"]
                plugins:
                  - name: key-auth
                  - name: rate-limiting
                    config: {hour: 3}
                """ + CONSUMERS)) {
            assertThat(statuses(gateway, "alice-key", 3)).containsExactly(200, 200, 429);
            TestClient.Response limited = gateway.client.get("/api", Map.of("apikey", "alice-key"));
            assertThat(limited.header("X-RateLimit-Limit-Hour")).isEqualTo("2");
            assertThat(statuses(gateway, "bob-key", 4)).containsExactly(200, 200, 200, 429);
            assertThat(statuses(gateway, "carol-key", 5)).containsExactly(200, 200, 200, 200, 429);
            assertThat(gateway.client.get("/api").status()).isEqualTo(401);
        }
    }

    @Test
    void theMostSpecificScopeWinsInKongsOrder() {
        try (TestGateway gateway = gateway("""
                _format_version: "3.0"
                services:
                  - name: api
                    url: http://127.0.0.1:%d
                    routes:
                      - name: one
                        paths: ["/one"]
                      - name: two
                        paths: ["/two"]
                      - name: three
                        paths: ["/three"]
                plugins:
                  - name: key-auth
                  - name: request-transformer
                    config: {add: {headers: ["X-Scope:global"]}}
                  - name: request-transformer
                    route: one
                    config: {add: {headers: ["X-Scope:route"]}}
                  - name: request-transformer
                    consumer: alice
                    config: {add: {headers: ["X-Scope:consumer"]}}
                  - name: request-transformer
                    route: two
                    service: api
                    config: {add: {headers: ["X-Scope:route-service"]}}
                  - name: request-transformer
                    route: three
                    consumer: alice
                    config: {add: {headers: ["X-Scope:consumer-route"]}}
                  - name: request-transformer
                    consumer_group: gold
                    config: {add: {headers: ["X-Scope:group"]}}
                consumer_groups:
                  - name: gold
                consumers:
                  - username: alice
                    keyauth_credentials: [{key: alice-key}]
                  - username: bob
                    keyauth_credentials: [{key: bob-key}]
                  - username: carol
                    groups: [gold]
                    keyauth_credentials: [{key: carol-key}]
                """)) {
            assertThat(scope(gateway, "/one", "alice-key")).isEqualTo("consumer");
            assertThat(scope(gateway, "/one", "bob-key")).isEqualTo("route");
            assertThat(scope(gateway, "/one", "carol-key")).isEqualTo("group");
            assertThat(scope(gateway, "/two", "alice-key")).isEqualTo("route-service");
            assertThat(scope(gateway, "/three", "alice-key")).isEqualTo("consumer-route");
            assertThat(scope(gateway, "/three", "bob-key")).isEqualTo("global");
        }
    }

    private String scope(TestGateway gateway, String path, String key) {
        assertThat(gateway.client.get(path, Map.of("apikey", key)).status()).isEqualTo(200);
        return upstream.last().headers().get("X-Scope");
    }

    private static java.util.List<Integer> statuses(TestGateway gateway, String key, int count) {
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(gateway.client.get("/api", Map.of("apikey", key)).status());
        }
        return statuses;
    }
}
