package io.gatehouse.gateway.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.PluginFactory;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.server.GatewayServer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ip-restriction for a client connecting over IPv6 (the gateway listening on {@code ::1}), through real sockets. */
@Timeout(30)
class IpRestrictionIPv6IT {

    private static int status(GatewayServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://[::1]:" + server.port() + "/v6"))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int statusWith(TestUpstream upstream, Map<String, Object> config) throws Exception {
        PluginDefinition restriction = PluginDefinition.global("ip-restriction", config);
        PluginFactory factory = new PluginFactory(Consumers.of(List.of(), List.of(), List.of(), List.of(), List.of()),
                Clock.systemUTC(), new GatewayMetrics(), new LocalCounters(Clock.systemUTC()), c -> null, "test-node");
        var snapshot = new TestGateway.Snapshot().route(Route.ofPaths("r", "s", "/")).service("s", upstream.port())
                .plugins("r", new PluginChain(List.of(factory.create(restriction)))).build();
        ServerLimits limits = ServerLimits.defaults();
        try (GatewayServer server = GatewayServer.start("::1", 0, limits, new ProxyHandler(
                new ConfigHolder(snapshot, Duration.ofSeconds(1)), limits, new GatewayMetrics(), RetryTimer.standard()))) {
            return status(server);
        }
    }

    @Test
    void ipv6ClientsAreAllowedAndDeniedByIpv6Cidrs() throws Exception {
        try (TestUpstream upstream = new TestUpstream()) {
            assertThat(statusWith(upstream, Map.of("deny", List.of("::1/128")))).isEqualTo(403);
            assertThat(statusWith(upstream, Map.of("allow", List.of("fe80::/10", "10.0.0.0/8")))).isEqualTo(403);
            assertThat(statusWith(upstream, Map.of("allow", List.of("::/0")))).isEqualTo(200);
            assertThat(statusWith(upstream, Map.of("deny", List.of("127.0.0.0/8")))).as("an IPv4 rule spares IPv6 clients")
                    .isEqualTo(200);
            assertThat(upstream.received()).hasSize(2);
        }
    }
}
