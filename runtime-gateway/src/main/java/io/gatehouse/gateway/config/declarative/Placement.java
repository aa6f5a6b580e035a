package io.gatehouse.gateway.config.declarative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityIndex;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.PluginDefinition;

/** Where each flat entity goes in the nested file: the index of its parent, or -1 for top level. */
final class Placement {

    enum Parent {

        NONE, SERVICE, ROUTE, CONSUMER, CONSUMER_GROUP

    }

    private record Slot(Parent parent, int index) {
    }

    final int[] routeService;
    final int[] targetUpstream;
    final int[] keyAuthConsumer;
    final int[] basicAuthConsumer;
    final int[] jwtConsumer;
    final int[] aclConsumer;
    private final EntityIndex<?> services;
    private final EntityIndex<?> routes;
    private final EntityIndex<?> consumers;
    private final EntityIndex<?> groups;
    private final Parent[] pluginParent;
    private final int[] pluginParentIndex;
    private final Map<Slot, List<Integer>> pluginsByParent = new HashMap<>();
    /** Keyed by array identity: each parents array is grouped once. */
    private final Map<int[], Map<Integer, List<Integer>>> children = new IdentityHashMap<>();

    Placement(DeclarativeConfig config) {
        services = EntityIndex.services(config.services());
        routes = EntityIndex.routes(config.routes());
        consumers = EntityIndex.consumers(config.consumers());
        groups = EntityIndex.consumerGroups(config.consumerGroups());
        routeService = parents(config.routes(), r -> r.service(), services);
        targetUpstream = parents(config.targets(), t -> t.upstream(), EntityIndex.upstreams(config.upstreams()));
        keyAuthConsumer = parents(config.keyAuthCredentials(), c -> c.consumer(), consumers);
        basicAuthConsumer = parents(config.basicAuthCredentials(), c -> c.consumer(), consumers);
        jwtConsumer = parents(config.jwtSecrets(), c -> c.consumer(), consumers);
        aclConsumer = parents(config.acls(), c -> c.consumer(), consumers);
        int count = config.plugins().size();
        pluginParent = new Parent[count];
        pluginParentIndex = new int[count];
        for (int i = 0; i < count; i++) {
            place(config, i);
            pluginsByParent.computeIfAbsent(new Slot(pluginParent[i], pluginParentIndex[i]), k -> new ArrayList<>())
                .add(i);
        }
    }

    /** A plugin nests only when exactly one scope is set and its entity is in the config. */
    private void place(DeclarativeConfig config, int index) {
        PluginDefinition plugin = config.plugins().get(index);
        pluginParent[index] = Parent.NONE;
        pluginParentIndex[index] = -1;
        int scopes = (plugin.service() != null ? 1 : 0) + (plugin.route() != null ? 1 : 0)
                + (plugin.consumer() != null ? 1 : 0) + (plugin.consumerGroup() != null ? 1 : 0);
        if (scopes != 1) {
            return;
        }
        if (plugin.service() != null) {
            nest(index, Parent.SERVICE, services.indexOf(plugin.service()));
        }
        else if (plugin.route() != null) {
            nest(index, Parent.ROUTE, routes.indexOf(plugin.route()));
        }
        else if (plugin.consumer() != null) {
            nest(index, Parent.CONSUMER, consumers.indexOf(plugin.consumer()));
        }
        else {
            nest(index, Parent.CONSUMER_GROUP, groups.indexOf(plugin.consumerGroup()));
        }
    }

    private void nest(int plugin, Parent parent, int parentIndex) {
        if (parentIndex >= 0) {
            pluginParent[plugin] = parent;
            pluginParentIndex[plugin] = parentIndex;
        }
    }

    Parent pluginParent(int plugin) {
        return pluginParent[plugin];
    }

    List<Integer> pluginsAt(Parent parent, int parentIndex) {
        return pluginsByParent.getOrDefault(new Slot(parent, parent == Parent.NONE ? -1 : parentIndex), List.of());
    }

    List<Integer> topLevel(int[] parents) {
        return childrenOf(parents, -1);
    }

    /** The children with this parent index, grouped once per parents array. */
    List<Integer> childrenOf(int[] parents, int parent) {
        Map<Integer, List<Integer>> grouped = children.computeIfAbsent(parents, p -> {
            Map<Integer, List<Integer>> byParent = new HashMap<>();
            for (int i = 0; i < p.length; i++) {
                byParent.computeIfAbsent(p[i], k -> new ArrayList<>()).add(i);
            }
            return byParent;
        });
        return grouped.getOrDefault(parent, List.of());
    }

    private static <C> int[] parents(List<C> children, Function<C, EntityRef> ref, EntityIndex<?> index) {
        int[] parents = new int[children.size()];
        for (int i = 0; i < children.size(); i++) {
            parents[i] = index.indexOf(ref.apply(children.get(i)));
        }
        return parents;
    }

}
