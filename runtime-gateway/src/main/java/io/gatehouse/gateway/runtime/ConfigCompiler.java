package io.gatehouse.gateway.runtime;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.Healthchecks;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.PluginFactory;
import io.gatehouse.gateway.plugins.ratelimit.Counters;
import io.gatehouse.gateway.plugins.ratelimit.RateLimitConfig;
import io.gatehouse.gateway.retry.RetryPlanner;
import io.gatehouse.gateway.retry.RetryRulesMapping;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.router.Router;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.upstream.ActiveHealthChecks;
import io.gatehouse.gateway.upstream.Balancing;
import io.gatehouse.gateway.upstream.HealthPolicy;
import io.gatehouse.gateway.upstream.Target;
import io.gatehouse.gateway.upstream.Upstream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Compiles a validated {@link DeclarativeConfig} into a {@link GatewaySnapshot}: routes into the router
 * index, services into upstreams with pools, health checks and retry planners, and plugins into one
 * chain per route.
 *
 * <p>Plugin scoping follows Kong: for each plugin name the most specific instance applies to a request
 * ({@link PluginDefinition#specificity()}: consumer + route + service first, global last). Instances scoped
 * to consumers or consumer groups are chosen per request, once authentication has identified the consumer
 * (see {@link PluginChain}). A route with its own retry policy gets its own copy of the service with that
 * policy.
 */
public final class ConfigCompiler {

    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Counters localCounters;
    private final Function<RateLimitConfig, Counters> redisCounters;
    private final RandomGenerator random;
    private final String nodeName;
    private final HttpClient probeClient = HttpClient.create().disableRetry(true);
    /**
     * The plain services of the last compile, by id. One is reused only while the running snapshot still holds
     * that very instance, so a service whose pool a swap has closed is never handed out again.
     */
    private volatile Map<String, PlainService> plainServices = Map.of();
    /** The last compile or patch of a synced config; null after a compile that cannot be patched. */
    private volatile LastCompile last;

    public ConfigCompiler(Clock clock, GatewayMetrics metrics, Counters localCounters,
            Function<RateLimitConfig, Counters> redisCounters, RandomGenerator random, String nodeName) {
        this.clock = clock;
        this.metrics = metrics;
        this.localCounters = localCounters;
        this.redisCounters = redisCounters;
        this.random = random;
        this.nodeName = nodeName;
    }

    /**
     * @throws ConfigException when the config is invalid or uses what this gateway cannot run
     */
    public GatewaySnapshot compile(DeclarativeConfig config, long revision, String hash) {
        return compile(config, revision, hash, null);
    }

    /**
     * Compiles a config that will replace {@code running}: a plain host:port service whose definition did not
     * change keeps its compiled {@link Service} (connection pool and all), so that a small change recompiles
     * little and {@link ConfigHolder#swap} closes only the pools of services that changed or went away.
     *
     * @param running the snapshot being served now, or null to build every service anew
     * @throws ConfigException when the config is invalid or uses what this gateway cannot run
     */
    public GatewaySnapshot compile(DeclarativeConfig config, long revision, String hash, GatewaySnapshot running) {
        return compile(config, revision, hash, running, true);
    }

    /**
     * Compiles a config as {@link #compile(DeclarativeConfig, long, String, GatewaySnapshot)} does; with
     * {@code declared} false its routes have no declaration order (a synced config, a set of entities): ties between
     * routes go to the smaller id ({@link Router#compileUnordered}), and the snapshot can later be {@link #patch
     * patched}.
     */
    public GatewaySnapshot compile(DeclarativeConfig config, long revision, String hash, GatewaySnapshot running,
            boolean declared) {
        Map<String, PlainService> reusable = running == null ? Map.of() : plainServices;
        List<ConfigViolation> violations = ConfigValidator.validate(config);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        Map<String, Upstream> upstreams = new HashMap<>();
        for (UpstreamDefinition definition : config.upstreams()) {
            List<Target> targets = new ArrayList<>();
            for (TargetDefinition target : config.targets()) {
                if (target.upstream() != null && target.upstream().matches(definition.id(), definition.name())) {
                    targets.add(target(target.target(), TargetDefinition.DEFAULT_PORT, target.weight()));
                }
            }
            upstreams.put(definition.name(), new Upstream(definition.name(), targets, balancing(definition),
                    health(definition.healthchecks()), clock));
        }
        // sized up front: a config of 50,000 services would otherwise rehash each of these a dozen times
        int capacity = capacity(config.services().size() + config.routes().size());
        Map<String, ServiceDefinition> serviceDefinitions = new LinkedHashMap<>(capacity);
        Map<String, Service> services = new HashMap<>(capacity);
        Map<String, PlainService> plain = new HashMap<>(capacity);
        // A planner is immutable and most services share a policy (the default): map each distinct policy once.
        Map<io.gatehouse.gateway.config.RetryPolicy, RetryPlanner> planners = new HashMap<>();
        List<Disposable> tasks = new ArrayList<>();
        for (ServiceDefinition definition : config.services()) {
            if (!Boolean.TRUE.equals(definition.enabled())) {
                continue;
            }
            String id = idOf(definition.id(), definition.name());
            serviceDefinitions.put(id, definition);
            Upstream upstream = upstreams.get(definition.host());
            if (upstream == null) {
                PlainService previous = reusable.get(id);
                if (previous != null && previous.definition().equals(definition)
                        && running.services().get(id) == previous.service()) {
                    services.put(id, previous.service());
                    plain.put(id, previous);
                    continue;
                }
                // A plain host:port service has no health checks (as in Kong): its only target never leaves rotation.
                upstream = new Upstream(definition.host(), List.of(new Target(definition.host(), definition.port(), 100)),
                        Balancing.roundRobin(), HealthPolicy.defaults().withPassive(0, Duration.ZERO), clock);
            } else {
                tasks.add(ActiveHealthChecks.start(upstream, probeClient, Schedulers.parallel()));
            }
            Service service = new Service(settings(id, definition), upstream,
                    planners.computeIfAbsent(definition.effectiveRetry(), this::planner));
            services.put(id, service);
            if (!upstreams.containsKey(definition.host())) {
                plain.put(id, new PlainService(definition, service));
            }
        }

        Consumers consumers = Consumers.of(config.consumers(), config.consumerGroups(), config.keyAuthCredentials(),
                config.basicAuthCredentials(), config.jwtSecrets(), config.acls());
        PluginFactory factory = new PluginFactory(consumers, clock, metrics, localCounters, redisCounters, nodeName);
        PluginScopes scopes = new PluginScopes(consumers, config.consumerGroups());
        Map<PluginDefinition, Plugin> built = new java.util.IdentityHashMap<>();

        List<Route> routes = new ArrayList<>();
        Map<String, PluginChain> chains = new HashMap<>();
        ServiceKeys serviceKeys = ServiceKeys.of(serviceDefinitions);
        Set<Disposable> taskSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        taskSet.addAll(tasks);
        Plugins plugins = new Plugins(config.plugins(), factory, scopes, built);
        for (RouteDefinition definition : config.routes()) {
            String serviceId = serviceKeys.find(definition.service());
            if (serviceId == null) {
                continue;
            }
            routes.add(route(definition, serviceDefinitions.get(serviceId), serviceId, services, chains, plugins,
                    planners, taskSet, tasks));
        }
        GatewaySnapshot compiled = new GatewaySnapshot(revision, hash,
                declared ? Router.compile(routes) : Router.compileUnordered(routes), services, chains, tasks);
        plainServices = plain;
        last = declared ? null
                : new LastCompile(compiled, plugins, planners, Set.copyOf(upstreams.keySet()));
        return compiled;
    }

    /**
     * Compiles one route to {@code service} (enabled, compiled into {@code services} under {@code serviceId}): its
     * own copy of the service when it overrides the retry policy, and its plugin chain (put in {@code chains},
     * its background tasks added to {@code tasks}).
     */
    private Route route(RouteDefinition definition, ServiceDefinition service, String serviceId,
            Map<String, Service> services, Map<String, PluginChain> chains, Plugins plugins,
            Map<io.gatehouse.gateway.config.RetryPolicy, RetryPlanner> planners, Set<Disposable> taskSet,
            List<Disposable> tasks) {
        String routeId = idOf(definition.id(), definition.name());
        String effectiveServiceId = serviceId;
        if (definition.retry() != null) {
            effectiveServiceId = serviceId + "@" + routeId;
            Service base = services.get(serviceId);
            services.put(effectiveServiceId, new Service(base.settings(), base.upstream(),
                    planners.computeIfAbsent(definition.retry(), this::planner)));
        }
        List<PluginChain.Slot> slots = pluginsFor(plugins.all(), definition, service, plugins.factory(),
                plugins.built(), plugins.scopes());
        if (!slots.isEmpty()) {
            PluginChain chain = PluginChain.of(slots);
            chain.plugins().stream().filter(p -> p instanceof Disposable).map(p -> (Disposable) p)
                    .filter(taskSet::add).forEach(tasks::add);
            chains.put(routeId, chain);
        }
        return new Route(routeId, definition.name() == null ? routeId : definition.name(), effectiveServiceId,
                Set.copyOf(definition.hosts()), definition.paths(), Set.copyOf(definition.methods()),
                definition.headers(), definition.regexPriority(), (int) Math.min(Integer.MAX_VALUE, definition.priority()),
                definition.stripPath(), definition.preserveHost(), Set.copyOf(definition.snis()),
                Set.copyOf(definition.protocols()), definition.httpsRedirectStatusCode());
    }

    /**
     * A change of services and routes only (every other entity as it was), validated by the caller against the whole
     * new config. {@code routes} are the routes to compile anew, each with the service its reference resolves to in
     * the new config (null: none, the route is dropped); every route whose service changed must be among them.
     *
     * @param services        services created or replaced
     * @param removedServices ids of services deleted
     * @param routes          routes to compile anew, with their services
     * @param removedRoutes   ids of routes deleted
     */
    public record Change(List<ServiceDefinition> services, Set<String> removedServices,
            Map<RouteDefinition, ServiceDefinition> routes, Set<String> removedRoutes) {
    }

    /**
     * Applies a change of services and routes to {@code running}, the snapshot the last compile (or patch) of a
     * synced config made, without compiling the rest: untouched services keep their compiled {@link Service},
     * untouched routes their place in the router and their plugin chain, and the router is
     * {@link Router#patch patched}. The result equals what compiling the whole new config would give.
     *
     * @return the patched snapshot, or null when this change cannot be patched (the caller then compiles the whole
     *         config): {@code running} is not what this compiler made last, or a changed service is balanced over an
     *         upstream (whose health checks are per snapshot)
     */
    public GatewaySnapshot patch(GatewaySnapshot running, long revision, String hash, Change change) {
        LastCompile previous = last;
        if (previous == null || previous.snapshot() != running) {
            return null;
        }
        for (ServiceDefinition definition : change.services()) {
            if (previous.upstreams().contains(definition.host())) {
                return null;
            }
        }
        Map<String, Service> services = new HashMap<>(running.services());
        Map<String, PluginChain> chains = new HashMap<>(running.chains());
        Map<String, PlainService> plain = new HashMap<>(plainServices);
        Set<String> removedRoutes = new java.util.HashSet<>(change.removedRoutes());
        for (RouteDefinition definition : change.routes().keySet()) {
            removedRoutes.add(idOf(definition.id(), definition.name()));
        }
        for (String routeId : removedRoutes) {
            chains.remove(routeId);
            Route old = running.router().route(routeId);
            if (old != null && old.serviceId().endsWith("@" + routeId)) {
                services.remove(old.serviceId());
            }
        }
        for (String serviceId : change.removedServices()) {
            services.remove(serviceId);
            plain.remove(serviceId);
        }
        for (ServiceDefinition definition : change.services()) {
            String id = idOf(definition.id(), definition.name());
            services.remove(id);
            plain.remove(id);
            if (!Boolean.TRUE.equals(definition.enabled())) {
                continue;
            }
            Upstream upstream = new Upstream(definition.host(), List.of(new Target(definition.host(), definition.port(),
                    100)), Balancing.roundRobin(), HealthPolicy.defaults().withPassive(0, Duration.ZERO), clock);
            Service service = new Service(settings(id, definition), upstream,
                    previous.planners().computeIfAbsent(definition.effectiveRetry(), this::planner));
            services.put(id, service);
            plain.put(id, new PlainService(definition, service));
        }
        List<Disposable> tasks = new ArrayList<>(running.tasks());
        Set<Disposable> taskSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        taskSet.addAll(tasks);
        List<Route> added = new ArrayList<>();
        change.routes().forEach((definition, service) -> {
            if (service == null || !Boolean.TRUE.equals(service.enabled())) {
                return;
            }
            added.add(route(definition, service, idOf(service.id(), service.name()), services, chains,
                    previous.plugins(), previous.planners(), taskSet, tasks));
        });
        GatewaySnapshot patched = new GatewaySnapshot(revision, hash, running.router().patch(removedRoutes, added),
                services, chains, tasks);
        plainServices = plain;
        last = new LastCompile(patched, previous.plugins(), previous.planners(), previous.upstreams());
        return patched;
    }

    /** The plugins of a config with what building them needs, shared by a compile and the patches that follow it. */
    private record Plugins(List<PluginDefinition> all, PluginFactory factory, PluginScopes scopes,
            Map<PluginDefinition, Plugin> built) {
    }

    /** What the last compile or patch of a synced config made, for {@link #patch}. */
    private record LastCompile(GatewaySnapshot snapshot, Plugins plugins,
            Map<io.gatehouse.gateway.config.RetryPolicy, RetryPlanner> planners, Set<String> upstreams) {
    }

    private RetryPlanner planner(io.gatehouse.gateway.config.RetryPolicy policy) {
        return new RetryPlanner(RetryRulesMapping.from(policy), random, clock);
    }

    /** A compiled plain host:port service and the definition it was compiled from. */
    private record PlainService(ServiceDefinition definition, Service service) {
    }

    /**
     * The chain slots of a route: for each plugin name, the enabled instances whose route and service scope
     * fit the route, grouped by specificity (most specific first). A level that applies to every request
     * ends the list (nothing less specific can win); levels scoped to consumers or consumer groups hold
     * their instances by consumer or group key and are chosen per request.
     */
    private List<PluginChain.Slot> pluginsFor(List<PluginDefinition> all, RouteDefinition route,
            ServiceDefinition service, PluginFactory factory, Map<PluginDefinition, Plugin> built,
            PluginScopes scopes) {
        Map<String, java.util.TreeMap<Integer, List<PluginDefinition>>> byName = new LinkedHashMap<>();
        for (PluginDefinition plugin : all) {
            if (!Boolean.TRUE.equals(plugin.enabled())) {
                continue;
            }
            boolean applies = (plugin.route() == null || plugin.route().matches(route.id(), route.name()))
                    && (plugin.service() == null || plugin.service().matches(service.id(), service.name()));
            if (applies) {
                byName.computeIfAbsent(plugin.name(), n -> new java.util.TreeMap<>(java.util.Comparator.reverseOrder()))
                        .computeIfAbsent(plugin.specificity(), k -> new ArrayList<>()).add(plugin);
            }
        }
        List<PluginChain.Slot> slots = new ArrayList<>();
        for (var entry : byName.entrySet()) {
            List<PluginChain.Level> levels = new ArrayList<>();
            int priority = 0;
            for (List<PluginDefinition> level : entry.getValue().values()) {
                PluginDefinition first = level.get(0);
                if (first.consumer() == null && first.consumerGroup() == null) {
                    Plugin plugin = build(first, factory, built);
                    priority = plugin.priority();
                    levels.add(PluginChain.Level.always(plugin));
                    break;
                }
                Map<String, Plugin> byKey = new HashMap<>();
                for (PluginDefinition definition : level) {
                    Plugin plugin = build(definition, factory, built);
                    priority = plugin.priority();
                    String key = definition.consumer() != null ? scopes.consumer(definition)
                            : scopes.consumerGroup(definition);
                    if (key != null) {
                        byKey.put(key, plugin);
                    }
                }
                levels.add(first.consumer() != null ? PluginChain.Level.consumers(byKey)
                        : PluginChain.Level.consumerGroups(byKey));
            }
            slots.add(new PluginChain.Slot(priority, levels));
        }
        return slots;
    }

    private static Plugin build(PluginDefinition definition, PluginFactory factory, Map<PluginDefinition, Plugin> built) {
        try {
            return built.computeIfAbsent(definition, factory::create);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigViolation("plugins." + definition.name(), e.getMessage())));
        }
    }

    /** Resolves the consumer and consumer-group scopes of plugin instances to the keys requests carry. */
    private record PluginScopes(Consumers consumers, List<io.gatehouse.gateway.config.ConsumerGroupDefinition> groups) {

        String consumer(PluginDefinition plugin) {
            return consumers.consumerKey(plugin.consumer()).orElse(null);
        }

        String consumerGroup(PluginDefinition plugin) {
            return groups.stream().filter(g -> plugin.consumerGroup().matches(g.id(), g.name())).findFirst()
                    .map(Consumers::groupKey).orElse(null);
        }
    }

    /**
     * The enabled services by id and by name, each key taken by the first service that has it (the order of
     * the config), so that a route finds its service in constant time rather than by a scan per route.
     */
    private record ServiceKeys(Map<String, String> byId, Map<String, String> byName) {

        static ServiceKeys of(Map<String, ServiceDefinition> services) {
            Map<String, String> byId = new HashMap<>(capacity(services.size()));
            Map<String, String> byName = new HashMap<>(capacity(services.size()));
            services.forEach((key, definition) -> {
                if (definition.id() != null) {
                    byId.putIfAbsent(definition.id(), key);
                }
                if (definition.name() != null) {
                    byName.putIfAbsent(definition.name(), key);
                }
            });
            return new ServiceKeys(byId, byName);
        }

        /** The key of the first enabled service the reference matches ({@link EntityRef#matches}), or null. */
        String find(EntityRef ref) {
            if (ref == null) {
                return null;
            }
            return ref.id() != null ? byId.get(ref.id()) : ref.name() != null ? byName.get(ref.name()) : null;
        }
    }

    private static int capacity(int entries) {
        return Math.max(16, entries * 4 / 3 + 1);
    }

    private static String idOf(String id, String name) {
        return id != null ? id : name;
    }

    private static ServiceSettings settings(String id, ServiceDefinition definition) {
        return new ServiceSettings(id, definition.name() == null ? id : definition.name(), definition.protocol(),
                definition.path() == null ? "" : definition.path(),
                Duration.ofMillis(definition.connectTimeout()), Duration.ofMillis(definition.readTimeout()),
                Duration.ofMillis(definition.writeTimeout()), 512, 4096);
    }

    private static Target target(String text, int defaultPort, int weight) {
        String host = text;
        int port = defaultPort;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            host = text.substring(1, end);
            if (text.length() > end + 2 && text.charAt(end + 1) == ':') {
                port = Integer.parseInt(text.substring(end + 2));
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon > 0 && text.indexOf(':') == colon) {
                host = text.substring(0, colon);
                port = Integer.parseInt(text.substring(colon + 1));
            }
        }
        return new Target(host, port, weight);
    }

    private static Balancing balancing(UpstreamDefinition definition) {
        return switch (definition.algorithm()) {
            case "least-connections" -> Balancing.leastConnections();
            case "consistent-hashing" -> Balancing.hashOn(switch (definition.hashOn()) {
                case "consumer" -> Balancing.HashOn.CONSUMER;
                case "header" -> Balancing.HashOn.HEADER;
                case "path" -> Balancing.HashOn.PATH;
                default -> Balancing.HashOn.IP;
            }, definition.hashOnHeader());
            default -> Balancing.roundRobin();
        };
    }

    private static HealthPolicy health(Healthchecks checks) {
        Healthchecks.PassiveUnhealthy passive = checks.passive().unhealthy();
        Healthchecks.Active active = checks.active();
        BigDecimal interval = active.healthy().interval().max(active.unhealthy().interval());
        boolean probing = interval.signum() > 0;
        return new HealthPolicy(
                new HealthPolicy.Thresholds(passive.httpFailures(), passive.tcpFailures(), passive.timeouts()),
                Duration.ofSeconds(30), Set.copyOf(passive.httpStatuses()),
                probing ? active.httpPath() : null,
                probing ? Duration.ofMillis(interval.movePointRight(3).longValue()) : Duration.ZERO,
                Duration.ofMillis(active.timeout().movePointRight(3).longValue()),
                Set.copyOf(active.healthy().httpStatuses()), Set.copyOf(active.unhealthy().httpStatuses()),
                active.healthy().successes(), new HealthPolicy.Thresholds(active.unhealthy().httpFailures(),
                        active.unhealthy().tcpFailures(), active.unhealthy().timeouts()));
    }
}
