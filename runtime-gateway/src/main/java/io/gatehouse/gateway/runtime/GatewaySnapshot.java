package io.gatehouse.gateway.runtime;

import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.router.Router;
import java.util.List;
import java.util.Map;

/**
 * One immutable, compiled configuration: the route index, the services and each route's plugin
 * chain. A request reads the snapshot once, so it sees either the old or the new table, never a mix.
 *
 * @param revision config revision (from the control plane, or 0 for a file)
 * @param hash     hash of the configuration source
 * @param router   compiled route index
 * @param services services by id
 * @param chains   plugin chains by route id (routes without plugins are absent)
 * @param tasks    background work of this snapshot (active health probes), stopped when it is replaced
 */
public record GatewaySnapshot(long revision, String hash, Router router, Map<String, Service> services,
        Map<String, PluginChain> chains, List<reactor.core.Disposable> tasks) {

    public GatewaySnapshot {
        services = Map.copyOf(services);
        chains = Map.copyOf(chains);
        tasks = List.copyOf(tasks);
    }

    public GatewaySnapshot(long revision, String hash, Router router, Map<String, Service> services,
            Map<String, PluginChain> chains) {
        this(revision, hash, router, services, chains, List.of());
    }

    /** A snapshot that routes nothing (every request is a 404). */
    public static GatewaySnapshot empty() {
        return new GatewaySnapshot(0, "", Router.compile(List.<Route>of()), Map.of(), Map.of());
    }

    public PluginChain chainFor(String routeId) {
        return chains.getOrDefault(routeId, PluginChain.empty());
    }
}
