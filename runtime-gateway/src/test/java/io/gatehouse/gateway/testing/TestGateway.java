package io.gatehouse.gateway.testing;

import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryPlanner;
import io.gatehouse.gateway.retry.RetryRules;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.router.Router;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.runtime.Service;
import io.gatehouse.gateway.runtime.ServiceSettings;
import io.gatehouse.gateway.server.GatewayServer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.upstream.Balancing;
import io.gatehouse.gateway.upstream.HealthPolicy;
import io.gatehouse.gateway.upstream.Target;
import io.gatehouse.gateway.upstream.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A running gateway on an ephemeral port, assembled from compiled parts for socket-level tests. */
public final class TestGateway implements AutoCloseable {

    public final ConfigHolder config;
    public final GatewayMetrics metrics = new GatewayMetrics();
    public final GatewayServer server;
    public final TestClient client;

    public TestGateway(GatewaySnapshot snapshot, ServerLimits limits, RetryTimer timer) {
        this.config = new ConfigHolder(snapshot, Duration.ofSeconds(1));
        this.server = GatewayServer.start("127.0.0.1", 0, limits,
                new ProxyHandler(config, limits, metrics, timer));
        this.client = new TestClient(server.port());
    }

    public TestGateway(GatewaySnapshot snapshot) {
        this(snapshot, ServerLimits.defaults(), RetryTimer.standard());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Builds snapshots tersely. */
    public static final class Snapshot {
        private final List<Route> routes = new ArrayList<>();
        private final Map<String, Service> services = new HashMap<>();
        private final Map<String, PluginChain> chains = new HashMap<>();

        public Snapshot route(Route route) {
            routes.add(route);
            return this;
        }

        public Snapshot service(String id, int... ports) {
            return service(ServiceSettings.http(id), RetryRules.none(), Balancing.roundRobin(), HealthPolicy.defaults(),
                    ports);
        }

        public Snapshot service(ServiceSettings settings, RetryRules retries, Balancing balancing, HealthPolicy health,
                int... ports) {
            List<Target> targets = new ArrayList<>();
            for (int port : ports) {
                targets.add(new Target("127.0.0.1", port, 100));
            }
            return service(settings, retries, new Upstream(settings.id() + "-upstream", targets, balancing, health,
                    Clock.systemUTC()));
        }

        public Snapshot service(ServiceSettings settings, RetryRules retries, Upstream upstream) {
            services.put(settings.id(), new Service(settings, upstream,
                    new RetryPlanner(retries, new Random(42), Clock.systemUTC())));
            return this;
        }

        public Snapshot plugins(String routeId, PluginChain chain) {
            chains.put(routeId, chain);
            return this;
        }

        public GatewaySnapshot build() {
            return new GatewaySnapshot(1, "test", Router.compile(routes), services, chains);
        }
    }
}
