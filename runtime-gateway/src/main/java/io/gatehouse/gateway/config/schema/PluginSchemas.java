package io.gatehouse.gateway.config.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.plugins.acl.AclConfig;
import io.gatehouse.gateway.plugins.basicauth.BasicAuthConfig;
import io.gatehouse.gateway.plugins.correlationid.CorrelationIdConfig;
import io.gatehouse.gateway.plugins.cors.CorsConfig;
import io.gatehouse.gateway.plugins.httplog.HttpLogConfig;
import io.gatehouse.gateway.plugins.iprestriction.IpRestrictionConfig;
import io.gatehouse.gateway.plugins.jwt.JwtConfig;
import io.gatehouse.gateway.plugins.keyauth.KeyAuthConfig;
import io.gatehouse.gateway.plugins.prometheus.PrometheusConfig;
import io.gatehouse.gateway.plugins.ratelimit.RateLimitConfig;
import io.gatehouse.gateway.plugins.requestsize.RequestSizeLimitingConfig;
import io.gatehouse.gateway.plugins.requesttransformer.RequestTransformerConfig;
import io.gatehouse.gateway.plugins.responsetransformer.ResponseTransformerConfig;

/**
 * Every plugin this gateway runs, by name, with its schema and priority. {@link #all()} is the
 * documented plugin table, in chain order (highest priority first).
 */
public final class PluginSchemas {

    private static final List<PluginSchema<?>> ALL = List.<PluginSchema<?>>of(CorsConfig.SCHEMA, JwtConfig.SCHEMA,
            KeyAuthConfig.SCHEMA, BasicAuthConfig.SCHEMA, IpRestrictionConfig.SCHEMA, RequestSizeLimitingConfig.SCHEMA,
            AclConfig.SCHEMA, RateLimitConfig.SCHEMA, RequestTransformerConfig.SCHEMA, ResponseTransformerConfig.SCHEMA,
            PrometheusConfig.SCHEMA, HttpLogConfig.SCHEMA, CorrelationIdConfig.SCHEMA)
        .stream()
        .sorted(Comparator.comparingInt((PluginSchema<?> s) -> s.priority()).reversed())
        .toList();

    private static final Map<String, PluginSchema<?>> BY_NAME = ALL.stream()
        .collect(Collectors.toUnmodifiableMap(PluginSchema::name, Function.identity()));

    private PluginSchemas() {
    }

    /** All plugin schemas, highest priority first. */
    public static List<PluginSchema<?>> all() {
        return ALL;
    }

    /** The schema of a plugin, if this gateway has it. */
    public static Optional<PluginSchema<?>> find(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /**
     * Problems with a plugin's config map, paths under {@code config.}; an unknown plugin is one
     * violation on {@code name}.
     */
    public static List<ConfigViolation> validate(String name, Map<String, Object> config) {
        return find(name).map(schema -> schema.validate(config).stream().map(v -> v.under("config")).toList())
            .orElseGet(() -> List.of(ConfigViolation.of("name", ConfigMessages.UNKNOWN_PLUGIN, name)));
    }

    /**
     * The typed config of a plugin, defaults applied.
     * @throws ConfigException when the plugin is unknown or its config is invalid
     */
    public static Object parse(String name, Map<String, Object> config) {
        PluginSchema<?> schema = find(name).orElseThrow(
                () -> new ConfigException(List.of(ConfigViolation.of("name", ConfigMessages.UNKNOWN_PLUGIN, name))));
        return schema.parse(config);
    }

}
