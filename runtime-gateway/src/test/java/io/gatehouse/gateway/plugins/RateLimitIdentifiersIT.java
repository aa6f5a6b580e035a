package io.gatehouse.gateway.plugins;

import static io.gatehouse.gateway.plugins.PluginGateways.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rate-limiting's counters through real sockets for what PluginsIT does not count by: the credential (one consumer,
 * two keys), the client IP, a path, and the long windows' headers (day, month, year).
 */
@Timeout(30)
class RateLimitIdentifiersIT {

    private static final Consumers CONSUMERS = Consumers.of(
            List.of(new ConsumerDefinition("c-alice", "alice", null, List.of(), List.of())),
            List.of(new KeyAuthCredential("k1", "alice-laptop", null, List.of(), EntityRef.ofName("alice")),
                    new KeyAuthCredential("k2", "alice-phone", null, List.of(), EntityRef.ofName("alice"))),
            List.of(), List.of(), List.of());

    @RegisterExtension
    final PluginGateways gateways = new PluginGateways(CONSUMERS);

    @Test
    void byCredentialEachKeyOfOneConsumerHasItsOwnCounter() {
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("rate-limiting", Map.of("minute", 1, "limit_by", "credential")))) {
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-laptop")).status()).isEqualTo(200);
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-laptop")).status()).isEqualTo(429);
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-phone")).status()).isEqualTo(200);
        }
        try (TestGateway gateway = gateways.start(plugin("key-auth", Map.of()),
                plugin("rate-limiting", Map.of("minute", 1, "limit_by", "consumer")))) {
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-laptop")).status()).isEqualTo(200);
            assertThat(gateway.client.get("/x", Map.of("apikey", "alice-phone")).status())
                    .as("by consumer, both keys share alice's counter").isEqualTo(429);
        }
    }

    @Test
    void byIpEveryRequestFromOneAddressSharesACounterWhateverItsHeaders() {
        try (TestGateway gateway = gateways.start(plugin("rate-limiting", Map.of("minute", 2, "limit_by", "ip")))) {
            assertThat(gateway.client.get("/a").status()).isEqualTo(200);
            assertThat(gateway.client.get("/b", Map.of("X-Forwarded-For", "203.0.113.9")).status()).isEqualTo(200);
            TestClient.Response limited = gateway.client.get("/c");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("X-RateLimit-Remaining-Minute")).isEqualTo("0");
        }
    }

    @Test
    void byPathOnlyThatPathSharesItsCounterAndOtherPathsCountByIp() {
        try (TestGateway gateway = gateways.start(plugin("rate-limiting", Map.of("minute", 1, "limit_by", "path",
                "path", "/reports")))) {
            assertThat(gateway.client.get("/reports").status()).isEqualTo(200);
            assertThat(gateway.client.get("/reports").status()).isEqualTo(429);
            assertThat(gateway.client.get("/other").status()).as("another path: the client IP's own counter")
                    .isEqualTo(200);
            assertThat(gateway.client.get("/other").status()).isEqualTo(429);
        }
    }

    @Test
    void longWindowsAreCountedAndAdvertised() {
        try (TestGateway gateway = gateways.start(plugin("rate-limiting", Map.of("day", 2, "month", 50, "year", 100)))) {
            TestClient.Response first = gateway.client.get("/x");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("X-RateLimit-Limit-Day")).isEqualTo("2");
            assertThat(first.header("X-RateLimit-Remaining-Day")).isEqualTo("1");
            assertThat(first.header("X-RateLimit-Remaining-Month")).isEqualTo("49");
            assertThat(first.header("X-RateLimit-Limit-Year")).isEqualTo("100");
            assertThat(first.header("X-RateLimit-Remaining-Year")).isEqualTo("99");
            assertThat(gateway.client.get("/x").status()).isEqualTo(200);
            TestClient.Response limited = gateway.client.get("/x");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        }
    }
}
