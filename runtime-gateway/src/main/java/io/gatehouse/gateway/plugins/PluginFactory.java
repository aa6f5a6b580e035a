package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.gateway.plugins.acl.AclConfig;
import io.gatehouse.gateway.plugins.acl.AclPlugin;
import io.gatehouse.gateway.plugins.basicauth.BasicAuthConfig;
import io.gatehouse.gateway.plugins.basicauth.BasicAuthPlugin;
import io.gatehouse.gateway.plugins.correlationid.CorrelationIdConfig;
import io.gatehouse.gateway.plugins.correlationid.CorrelationIdPlugin;
import io.gatehouse.gateway.plugins.cors.CorsConfig;
import io.gatehouse.gateway.plugins.cors.CorsPlugin;
import io.gatehouse.gateway.plugins.httplog.HttpLogConfig;
import io.gatehouse.gateway.plugins.httplog.HttpLogPlugin;
import io.gatehouse.gateway.plugins.iprestriction.IpRestrictionConfig;
import io.gatehouse.gateway.plugins.iprestriction.IpRestrictionPlugin;
import io.gatehouse.gateway.plugins.jwt.JwtConfig;
import io.gatehouse.gateway.plugins.jwt.JwtPlugin;
import io.gatehouse.gateway.plugins.keyauth.KeyAuthConfig;
import io.gatehouse.gateway.plugins.keyauth.KeyAuthPlugin;
import io.gatehouse.gateway.plugins.prometheus.PrometheusConfig;
import io.gatehouse.gateway.plugins.prometheus.PrometheusPlugin;
import io.gatehouse.gateway.plugins.ratelimit.Counters;
import io.gatehouse.gateway.plugins.ratelimit.RateLimitConfig;
import io.gatehouse.gateway.plugins.ratelimit.RateLimitPlugin;
import io.gatehouse.gateway.plugins.requestsize.RequestSizeLimitingConfig;
import io.gatehouse.gateway.plugins.requesttransformer.RequestTransformerConfig;
import io.gatehouse.gateway.plugins.requesttransformer.RequestTransformerPlugin;
import io.gatehouse.gateway.plugins.responsetransformer.ResponseTransformerConfig;
import io.gatehouse.gateway.plugins.responsetransformer.ResponseTransformerPlugin;
import io.gatehouse.gateway.plugins.requestsize.RequestSizeLimitingPlugin;
import io.gatehouse.gateway.status.GatewayMetrics;
import java.time.Clock;
import java.util.function.Function;

/**
 * Turns a plugin definition into its running handler: the config map is parsed by the plugin's schema
 * (the same one the control plane validates with) into its typed config record.
 */
public final class PluginFactory {

    /** A plugin name this gateway has no handler for. */
    public static final String UNSUPPORTED = "plugin '%s' is not supported by this gateway";

    private final Consumers consumers;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Counters localCounters;
    private final Function<RateLimitConfig, Counters> redisCounters;
    private final String nodeName;

    /**
     * @param localCounters counters of the {@code local} rate-limiting policy (shared across config swaps)
     * @param redisCounters counters of the {@code redis} policy for a config
     */
    public PluginFactory(Consumers consumers, Clock clock, GatewayMetrics metrics, Counters localCounters,
            Function<RateLimitConfig, Counters> redisCounters, String nodeName) {
        this.consumers = consumers;
        this.clock = clock;
        this.metrics = metrics;
        this.localCounters = localCounters;
        this.redisCounters = redisCounters;
        this.nodeName = nodeName;
    }

    /**
     * @throws IllegalArgumentException for unknown plugins or configs the schema rejects
     */
    public Plugin create(PluginDefinition definition) {
        Object config = PluginSchemas.parse(definition.name(), definition.config());
        String scope = definition.id() != null ? definition.id() : definition.name() + "@" + scopeOf(definition);
        if (config instanceof KeyAuthConfig c) {
            return new KeyAuthPlugin(c, consumers, clock);
        }
        if (config instanceof BasicAuthConfig c) {
            return new BasicAuthPlugin(c, consumers);
        }
        if (config instanceof AclConfig c) {
            return new AclPlugin(c);
        }
        if (config instanceof CorsConfig c) {
            return new CorsPlugin(c);
        }
        if (config instanceof IpRestrictionConfig c) {
            return new IpRestrictionPlugin(c);
        }
        if (config instanceof RequestSizeLimitingConfig c) {
            return new RequestSizeLimitingPlugin(c);
        }
        if (config instanceof CorrelationIdConfig c) {
            return new CorrelationIdPlugin(c, nodeName, clock);
        }
        if (config instanceof RequestTransformerConfig c) {
            return new RequestTransformerPlugin(c);
        }
        if (config instanceof ResponseTransformerConfig c) {
            return new ResponseTransformerPlugin(c);
        }
        if (config instanceof PrometheusConfig c) {
            return new PrometheusPlugin(c, metrics);
        }
        if (config instanceof HttpLogConfig c) {
            return new HttpLogPlugin(c, clock, reactor.core.scheduler.Schedulers.parallel());
        }
        if (config instanceof JwtConfig c) {
            return new JwtPlugin(c, consumers, clock);
        }
        if (config instanceof RateLimitConfig c) {
            Counters counters = "redis".equals(c.policy()) ? redisCounters.apply(c) : localCounters;
            return new RateLimitPlugin(c, scope, counters, clock, metrics);
        }
        throw new IllegalArgumentException(String.format(UNSUPPORTED, definition.name()));
    }

    private static String scopeOf(PluginDefinition definition) {
        return (definition.service() == null ? "" : "s:" + definition.service().display())
                + (definition.route() == null ? "" : "r:" + definition.route().display())
                + (definition.consumer() == null ? "" : "c:" + definition.consumer().display())
                + (definition.consumerGroup() == null ? "" : "g:" + definition.consumerGroup().display());
    }
}
