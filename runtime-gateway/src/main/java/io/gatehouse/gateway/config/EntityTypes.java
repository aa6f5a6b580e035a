package io.gatehouse.gateway.config;

import java.util.List;
import java.util.function.Function;

import io.gatehouse.gateway.config.schema.PluginSchemas;
import tools.jackson.databind.JsonNode;

/**
 * The fourteen entity types of the config language by their wire names ({@code service}, {@code route}, …,
 * as config sync and the control plane's change log name them), each with its definition record and its list
 * in a {@link DeclarativeConfig}.
 */
public final class EntityTypes {

    /** One entity type: its wire name, definition record and list in a config. */
    public record Type<T>(String name, Class<T> definition, Function<DeclarativeConfig, List<T>> list) {
    }

    /** Every type, in the order of {@link DeclarativeConfig}'s lists. */
    public static final List<Type<?>> ALL = List.of(
            new Type<>("service", ServiceDefinition.class, DeclarativeConfig::services),
            new Type<>("route", RouteDefinition.class, DeclarativeConfig::routes),
            new Type<>("upstream", UpstreamDefinition.class, DeclarativeConfig::upstreams),
            new Type<>("target", TargetDefinition.class, DeclarativeConfig::targets),
            new Type<>("consumer", ConsumerDefinition.class, DeclarativeConfig::consumers),
            new Type<>("consumer_group", ConsumerGroupDefinition.class, DeclarativeConfig::consumerGroups),
            new Type<>("keyauth_credential", KeyAuthCredential.class, DeclarativeConfig::keyAuthCredentials),
            new Type<>("basicauth_credential", BasicAuthCredential.class, DeclarativeConfig::basicAuthCredentials),
            new Type<>("jwt_secret", JwtCredential.class, DeclarativeConfig::jwtSecrets),
            new Type<>("acl", AclGroup.class, DeclarativeConfig::acls),
            new Type<>("plugin", PluginDefinition.class, DeclarativeConfig::plugins),
            new Type<>("certificate", CertificateDefinition.class, DeclarativeConfig::certificates),
            new Type<>("sni", SniDefinition.class, DeclarativeConfig::snis),
            new Type<>("ca_certificate", CaCertificateDefinition.class, DeclarativeConfig::caCertificates));

    private EntityTypes() {
    }

    /** The type with this wire name, if the config language has it. */
    public static java.util.Optional<Type<?>> find(String name) {
        return ALL.stream().filter(type -> type.name().equals(name)).findFirst();
    }

    /**
     * The normal form of one definition: the record's JSON, with every default filled in (a plugin's config
     * from its schema). What config sync sends and what {@link ConfigHash} digests, so that a config hashes
     * the same whether it was written through the API, read from a file or synced.
     */
    public static JsonNode normalForm(Object definition) {
        Object normal = definition instanceof PluginDefinition plugin
                ? PluginSchemas.find(plugin.name()).map(schema -> plugin.withConfig(schema.withDefaults(plugin.config())))
                        .orElse(plugin)
                : definition;
        return ConfigJson.json().valueToTree(normal);
    }

    /**
     * The normal form of a stored or received document of type {@code type}: read strictly into its
     * definition record (an unknown field or a wrong type throws {@code tools.jackson.core.JacksonException})
     * and written back by {@link #normalForm(Object)}.
     */
    public static JsonNode normalForm(Type<?> type, JsonNode document) {
        return normalForm(ConfigJson.json().treeToValue(document, type.definition()));
    }
}
