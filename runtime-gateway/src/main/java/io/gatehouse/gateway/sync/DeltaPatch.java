package io.gatehouse.gateway.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import io.gatehouse.gateway.runtime.ConfigCompiler;

/**
 * Turns a small delta of services and routes into a {@link ConfigCompiler.Change}, validating only what it can
 * affect: the rules of each changed entity, the names it must not share, the service each changed route points at,
 * and every route that pointed at a changed or deleted service. The whole config was valid before, and nothing else
 * can have become invalid, so the result is what validating the whole new config would say about it.
 *
 * <p>Deltas outside that shape are left to a whole compile ({@link #of} returns empty): other entity types, more
 * than {@value #MAX_CHANGES} changes, a document whose {@code id} is not its entity's id, or plugins scoped to a
 * changed service or route (their duplicate-scope rule spans the config).
 */
final class DeltaPatch {

    /** Beyond this many changed entities a whole compile costs about as much as the scans here. */
    static final int MAX_CHANGES = 32;
    private static final int MAX_DETAILS = 50;

    private DeltaPatch() {
    }

    /**
     * The change {@code delta} makes from {@code before} to {@code after}, or empty when it is not one to patch.
     *
     * @throws ConfigApplier.RejectedConfigException when the new config is invalid
     */
    static Optional<ConfigCompiler.Change> of(SyncedConfig before, Delta delta, SyncedConfig after)
            throws ConfigApplier.RejectedConfigException {
        if (delta.upserts().size() + delta.deletes().size() > MAX_CHANGES) {
            return Optional.empty();
        }
        List<ServiceDefinition> services = new ArrayList<>();
        List<RouteDefinition> routes = new ArrayList<>();
        Set<String> removedServices = new HashSet<>();
        Set<String> removedRoutes = new HashSet<>();
        // the ids and names, old and new, by which other entities may point at what changed
        Set<String> serviceIds = new HashSet<>();
        Set<String> serviceNames = new HashSet<>();
        Set<String> routeKeys = new HashSet<>();
        for (EntityKey key : delta.deletes()) {
            switch (key.type()) {
                case "service" -> {
                    removedServices.add(key.id());
                    serviceIds.add(key.id());
                    oldName(before, key, serviceNames);
                }
                case "route" -> {
                    removedRoutes.add(key.id());
                    routeKeys.add(key.id());
                    oldName(before, key, routeKeys);
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        for (SyncEntity upsert : delta.upserts()) {
            SyncEntity entity = after.entity(upsert.key());
            switch (entity.type()) {
                case "service" -> {
                    ServiceDefinition service = after.definition(entity, ServiceDefinition.class);
                    if (!entity.id().equals(service.id())) {
                        return Optional.empty();
                    }
                    services.add(service);
                    serviceIds.add(service.id());
                    serviceNames.add(service.name());
                    oldName(before, entity.key(), serviceNames);
                }
                case "route" -> {
                    RouteDefinition route = after.definition(entity, RouteDefinition.class);
                    if (!entity.id().equals(route.id())) {
                        return Optional.empty();
                    }
                    routes.add(route);
                    routeKeys.add(route.id());
                    routeKeys.add(route.name());
                    oldName(before, entity.key(), routeKeys);
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        serviceNames.remove(null);
        routeKeys.remove(null);
        for (PluginDefinition plugin : after.definitions("plugin", PluginDefinition.class)) {
            if (pointsAt(plugin.service(), serviceIds, serviceNames) || pointsAt(plugin.route(), routeKeys, routeKeys)) {
                return Optional.empty();
            }
        }

        List<ConfigViolation> violations = new ArrayList<>();
        List<ServiceDefinition> allServices = after.definitions("service", ServiceDefinition.class);
        List<RouteDefinition> allRoutes = after.definitions("route", RouteDefinition.class);
        for (ServiceDefinition service : services) {
            String path = "services[" + service.id() + "]";
            ConfigValidator.validateService(service).forEach(v -> violations.add(v.under(path)));
            unique(service.id(), service.name(), allServices, ServiceDefinition::id, ServiceDefinition::name,
                    path + ".name", violations);
        }
        Map<RouteDefinition, ServiceDefinition> compile = new LinkedHashMap<>();
        Map<String, ServiceDefinition> byName = new HashMap<>();
        for (RouteDefinition route : routes) {
            String path = "routes[" + route.id() + "]";
            ConfigValidator.validateRoute(route).forEach(v -> violations.add(v.under(path)));
            unique(route.id(), route.name(), allRoutes, RouteDefinition::id, RouteDefinition::name, path + ".name",
                    violations);
            compile.put(route, resolve(route, after, allServices, byName, path, violations));
        }
        Set<String> upserted = new HashSet<>();
        routes.forEach(route -> upserted.add(route.id()));
        if (!serviceIds.isEmpty()) {
            for (RouteDefinition route : allRoutes) {
                if (!upserted.contains(route.id()) && pointsAt(route.service(), serviceIds, serviceNames)) {
                    compile.put(route, resolve(route, after, allServices, byName, "routes[" + route.id() + "]",
                            violations));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new ConfigApplier.RejectedConfigException("the config does not compile on this gateway",
                    violations.stream().limit(MAX_DETAILS).map(Object::toString).toList());
        }
        return Optional.of(new ConfigCompiler.Change(services, removedServices, compile, removedRoutes));
    }

    private static void oldName(SyncedConfig before, EntityKey key, Set<String> names) {
        SyncEntity old = before.entity(key);
        if (old == null) {
            return;
        }
        names.add(key.type().equals("service") ? before.definition(old, ServiceDefinition.class).name()
                : before.definition(old, RouteDefinition.class).name());
    }

    private static boolean pointsAt(EntityRef ref, Set<String> ids, Set<String> names) {
        return ref != null && (ref.id() != null ? ids.contains(ref.id()) : names.contains(ref.name()));
    }

    /** The service a route points at in the new config (null: none), reporting a reference to nothing. */
    private static ServiceDefinition resolve(RouteDefinition route, SyncedConfig after, List<ServiceDefinition> all,
            Map<String, ServiceDefinition> byName, String path, List<ConfigViolation> violations) {
        EntityRef ref = route.service();
        if (ref == null) {
            return null;
        }
        ServiceDefinition found = null;
        if (ref.id() != null) {
            SyncEntity entity = after.entity(new EntityKey("service", ref.id()));
            found = entity == null ? null : after.definition(entity, ServiceDefinition.class);
        }
        else if (ref.name() != null) {
            found = byName.computeIfAbsent(ref.name(),
                    name -> all.stream().filter(s -> name.equals(s.name())).findFirst().orElse(null));
        }
        if (found == null) {
            violations.add(ConfigViolation.of(path + ".service", ConfigMessages.MISSING_REFERENCE, "service",
                    String.valueOf(ref.display())));
        }
        return found;
    }

    /** Reports a name another entity of the type already has. */
    private static <T> void unique(String id, String name, List<T> all, java.util.function.Function<T, String> idOf,
            java.util.function.Function<T, String> nameOf, String path, List<ConfigViolation> violations) {
        if (name == null) {
            return;
        }
        for (T other : all) {
            if (name.equals(nameOf.apply(other)) && !id.equals(idOf.apply(other))) {
                violations.add(ConfigViolation.of(path, ConfigMessages.DUPLICATE, name));
                return;
            }
        }
    }
}
