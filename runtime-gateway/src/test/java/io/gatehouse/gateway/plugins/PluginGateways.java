package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.testing.TestGateway;
import io.gatehouse.gateway.testing.TestUpstream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How the plugin ITs drive plugins through real sockets: a recording upstream per test, and gateways with one
 * route ({@code /}) to it whose chain is built from plugin definitions by a {@link PluginFactory}, a fresh one
 * (and fresh local counters) per gateway, with no Redis. Registered with {@code @RegisterExtension}; the upstream
 * is closed after each test, the gateways by the test's try-with-resources.
 */
final class PluginGateways implements BeforeEachCallback, AfterEachCallback {

    private final Consumers consumers;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private TestUpstream upstream;

    PluginGateways(Consumers consumers) {
        this.consumers = consumers;
    }

    /** A plugin on every route, as a global plugin entity declares it. */
    static PluginDefinition plugin(String name, Map<String, Object> config) {
        return PluginDefinition.global(name, config);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        upstream = new TestUpstream();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        upstream.close();
    }

    TestUpstream upstream() {
        return upstream;
    }

    /** The metrics every plugin of this test reports to. */
    GatewayMetrics metrics() {
        return metrics;
    }

    /** A factory like the compiler's, for a test that keeps hold of a plugin instance. */
    PluginFactory factory() {
        return new PluginFactory(consumers, Clock.systemUTC(), metrics, new LocalCounters(Clock.systemUTC()), c -> {
            throw new IllegalStateException("no redis in this test");
        }, "test-node");
    }

    TestGateway start(PluginDefinition... definitions) {
        return start(ServerLimits.defaults(), definitions);
    }

    TestGateway start(ServerLimits limits, PluginDefinition... definitions) {
        PluginFactory factory = factory();
        return start(limits, Arrays.stream(definitions).map(factory::create).toList());
    }

    /** A gateway running exactly these plugin instances. */
    TestGateway start(ServerLimits limits, List<Plugin> chain) {
        return new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("r", "s", "/"))
                .service("s", upstream.port())
                .plugins("r", new PluginChain(chain))
                .build(), limits, RetryTimer.standard());
    }
}
