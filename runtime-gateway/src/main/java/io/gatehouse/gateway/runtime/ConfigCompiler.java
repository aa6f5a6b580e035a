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
import io.gatehouse.gateway.plugins.ConsumerScoped;
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
 * <p>Plugin scoping follows Kong: for each plugin name the most specific instance applies to a route
 * (route-scoped over service-scoped over global). Consumer-scoped plugin instances are not supported by
 * this gateway and make compilation fail, so the control plane learns it (NACK) instead of the gateway
 * silently ignoring them. A route with its own retry policy gets its own copy of the service with that
 * policy.
 */
public final class ConfigCompiler {

    /** Message for a consumer-scoped plugin other than rate-limiting, or one scoped to a consumer group. */
    public static final String CONSUMER_SCOPED = "consumer-scoped plugins are not supported by this gateway";

    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Counters localCounters;
    private final Function<RateLimitConfig, Counters> redisCounters;
    private final RandomGenerator random;
    private final String nodeName;
    private final HttpClient probeClient = HttpClient.create().disableRetry(true);

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
        Map<String, ServiceDefinition> serviceDefinitions = new LinkedHashMap<>();
        Map<String, Service> services = new HashMap<>();
        List<Disposable> tasks = new ArrayList<>();
        for (ServiceDefinition definition : config.services()) {
            if (!Boolean.TRUE.equals(definition.enabled())) {
                continue;
            }
            String id = idOf(definition.id(), definition.name());
            serviceDefinitions.put(id, definition);
            Upstream upstream = upstreams.get(definition.host());
            if (upstream == null) {
                // A plain host:port service has no health checks (as in Kong): its only target never leaves rotation.
                upstream = new Upstream(definition.host(), List.of(new Target(definition.host(), definition.port(), 100)),
                        Balancing.roundRobin(), HealthPolicy.defaults().withPassive(0, Duration.ZERO), clock);
            } else {
                tasks.add(ActiveHealthChecks.start(upstream, probeClient, Schedulers.parallel()));
            }
            services.put(id, new Service(settings(id, definition), upstream,
                    new RetryPlanner(RetryRulesMapping.from(definition.effectiveRetry()), random, clock)));
        }

        Consumers consumers = Consumers.of(config.consumers(), config.keyAuthCredentials(),
                config.basicAuthCredentials(), config.jwtSecrets(), config.acls());
        PluginFactory factory = new PluginFactory(consumers, clock, metrics, localCounters, redisCounters, nodeName);
        for (PluginDefinition plugin : config.plugins()) {
            if (Boolean.TRUE.equals(plugin.enabled()) && (plugin.consumer() != null || plugin.consumerGroup() != null)
                    && !consumerScopable(plugin)) {
                throw new ConfigException(List.of(new ConfigViolation("plugins." + plugin.name(), CONSUMER_SCOPED)));
            }
        }
        Map<PluginDefinition, Plugin> built = new java.util.IdentityHashMap<>();

        List<Route> routes = new ArrayList<>();
        Map<String, PluginChain> chains = new HashMap<>();
        for (RouteDefinition definition : config.routes()) {
            String routeId = idOf(definition.id(), definition.name());
            String serviceId = serviceIdFor(definition.service(), serviceDefinitions);
            if (serviceId == null) {
                continue;
            }
            ServiceDefinition service = serviceDefinitions.get(serviceId);
            String effectiveServiceId = serviceId;
            if (definition.retry() != null) {
                effectiveServiceId = serviceId + "@" + routeId;
                Service base = services.get(serviceId);
                services.put(effectiveServiceId, new Service(base.settings(), base.upstream(),
                        new RetryPlanner(RetryRulesMapping.from(definition.retry()), random, clock)));
            }
            routes.add(new Route(routeId, definition.name() == null ? routeId : definition.name(), effectiveServiceId,
                    Set.copyOf(definition.hosts()), definition.paths(), Set.copyOf(definition.methods()),
                    definition.headers(), definition.regexPriority(), (int) Math.min(Integer.MAX_VALUE, definition.priority()),
                    definition.stripPath(), definition.preserveHost(), Set.copyOf(definition.snis())));
            List<Plugin> plugins = pluginsFor(config.plugins(), definition, service, factory, built);
            plugins.stream().filter(p -> p instanceof Disposable).map(p -> (Disposable) p)
                    .filter(d -> !tasks.contains(d)).forEach(tasks::add);
            if (!plugins.isEmpty()) {
                chains.put(routeId, new PluginChain(plugins));
            }
        }
        return new GatewaySnapshot(revision, hash, Router.compile(routes), services, chains, tasks);
    }

    private List<Plugin> pluginsFor(List<PluginDefinition> all, RouteDefinition route, ServiceDefinition service,
            PluginFactory factory, Map<PluginDefinition, Plugin> built) {
        Map<String, PluginDefinition> chosen = new LinkedHashMap<>();
        Map<String, List<PluginDefinition>> consumerScoped = new LinkedHashMap<>();
        for (PluginDefinition plugin : all) {
            if (!Boolean.TRUE.equals(plugin.enabled())) {
                continue;
            }
            if (consumerScopable(plugin)) {
                if (appliesBesidesConsumer(plugin, route, service)) {
                    consumerScoped.computeIfAbsent(plugin.name(), k -> new ArrayList<>()).add(plugin);
                }
                continue;
            }
            boolean applies = plugin.isGlobal()
                    || (plugin.route() != null && plugin.route().matches(route.id(), route.name())
                            && (plugin.service() == null || plugin.service().matches(service.id(), service.name())))
                    || (plugin.route() == null && plugin.service() != null
                            && plugin.service().matches(service.id(), service.name()));
            if (!applies) {
                continue;
            }
            PluginDefinition current = chosen.get(plugin.name());
            if (current == null || plugin.specificity() > current.specificity()) {
                chosen.put(plugin.name(), plugin);
            }
        }
        List<Plugin> plugins = new ArrayList<>();
        for (PluginDefinition definition : chosen.values()) {
            if (!consumerScoped.containsKey(definition.name())) {
                plugins.add(build(definition, factory, built));
            }
        }
        for (Map.Entry<String, List<PluginDefinition>> entry : consumerScoped.entrySet()) {
            // Most specific first, so a consumer's route-scoped instance wins over its service-scoped one.
            List<PluginDefinition> ordered = new ArrayList<>(entry.getValue());
            ordered.sort(java.util.Comparator.comparingInt(PluginDefinition::specificity).reversed());
            List<ConsumerScoped.Instance> instances = new ArrayList<>();
            for (PluginDefinition definition : ordered) {
                instances.add(new ConsumerScoped.Instance(definition.consumer(), build(definition, factory, built)));
            }
            PluginDefinition broader = chosen.get(entry.getKey());
            Plugin fallback = broader == null ? null : build(broader, factory, built);
            plugins.add(new ConsumerScoped(entry.getKey(), instances.get(0).plugin().priority(), instances, fallback));
        }
        return plugins;
    }

    private static Plugin build(PluginDefinition definition, PluginFactory factory, Map<PluginDefinition, Plugin> built) {
        try {
            return built.computeIfAbsent(definition, factory::create);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigViolation("plugins." + definition.name(), e.getMessage())));
        }
    }

    /**
     * Whether an instance may be scoped to a consumer: only rate-limiting (the plugins that identify the
     * consumer cannot depend on it, and the others have no per-consumer use here yet), never to a consumer group.
     */
    private static boolean consumerScopable(PluginDefinition plugin) {
        return plugin.consumer() != null && plugin.consumerGroup() == null
                && io.gatehouse.gateway.plugins.ratelimit.RateLimitConfig.NAME.equals(plugin.name());
    }

    /** Whether a consumer-scoped instance's route and service scope (if any) cover this route. */
    private static boolean appliesBesidesConsumer(PluginDefinition plugin, RouteDefinition route, ServiceDefinition service) {
        boolean routeOk = plugin.route() == null || plugin.route().matches(route.id(), route.name());
        boolean serviceOk = plugin.service() == null || plugin.service().matches(service.id(), service.name());
        return routeOk && serviceOk;
    }

    private static String serviceIdFor(EntityRef ref, Map<String, ServiceDefinition> services) {
        if (ref == null) {
            return null;
        }
        for (Map.Entry<String, ServiceDefinition> entry : services.entrySet()) {
            if (ref.matches(entry.getValue().id(), entry.getValue().name())) {
                return entry.getKey();
            }
        }
        return null;
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
        int threshold = Math.max(passive.httpFailures(), Math.max(passive.tcpFailures(), passive.timeouts()));
        Healthchecks.Active active = checks.active();
        BigDecimal interval = active.healthy().interval().max(active.unhealthy().interval());
        boolean probing = interval.signum() > 0;
        return new HealthPolicy(threshold, Duration.ofSeconds(30), Set.copyOf(passive.httpStatuses()),
                probing ? active.httpPath() : null,
                probing ? Duration.ofMillis(interval.movePointRight(3).longValue()) : Duration.ZERO,
                Duration.ofMillis(active.timeout().movePointRight(3).longValue()),
                Set.copyOf(active.healthy().httpStatuses()),
                Math.max(1, active.healthy().successes()), Math.max(1, active.unhealthy().httpFailures()));
    }
}
