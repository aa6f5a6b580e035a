package io.gatehouse.gateway.config;

import java.util.function.Function;

import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.gateway.config.secrets.SecretHashes;

/**
 * Turns a valid config into the one form that is stored, synced and hashed:
 * <ul>
 * <li>clear secrets are replaced by their hashes (API keys by SHA-256, passwords by salted PBKDF2), so
 * nothing that leaves the control plane carries them;</li>
 * <li>every plugin config holds all its fields, defaults filled in from the plugin's schema;</li>
 * <li>references point at ids where the referenced entity has one, else at its name.</li>
 * </ul>
 * Normalising is idempotent. Validate first: references that resolve to nothing are left as they are.
 */
public final class ConfigNormalizer {

    private final SecretHashes hashes;

    public ConfigNormalizer(SecretHashes hashes) {
        this.hashes = hashes;
    }

    /** The normalised config. */
    public DeclarativeConfig normalize(DeclarativeConfig config) {
        DeclarativeConfig.Builder out = config.toBuilder();
        Refs refs = new Refs(config);
        out.routes.replaceAll(r -> r.withService(refs.service(r.service())));
        out.targets.replaceAll(t -> t.withUpstream(refs.upstream(t.upstream())));
        out.consumers.replaceAll(c -> new ConsumerDefinition(c.id(), c.username(), c.customId(), c.tags(),
                c.groups().stream().map(refs::group).toList()));
        out.keyAuthCredentials.replaceAll(k -> k.hashed().withConsumer(refs.consumer(k.consumer())));
        out.basicAuthCredentials.replaceAll(b -> b.hashed(hashes).withConsumer(refs.consumer(b.consumer())));
        out.jwtSecrets.replaceAll(j -> j.withConsumer(refs.consumer(j.consumer())));
        out.acls.replaceAll(a -> a.withConsumer(refs.consumer(a.consumer())));
        out.snis.replaceAll(s -> new SniDefinition(s.id(), s.name(), s.tags(), s.certificate()));
        out.plugins.replaceAll(p -> withDefaults(p).withScope(refs.service(p.service()), refs.route(p.route()),
                refs.consumer(p.consumer()), refs.group(p.consumerGroup())));
        return out.build();
    }

    private static PluginDefinition withDefaults(PluginDefinition plugin) {
        return PluginSchemas.find(plugin.name())
            .map(schema -> plugin.withConfig(schema.withDefaults(plugin.config())))
            .orElse(plugin);
    }

    /** Rewrites references to the id of the entity they resolve to, when it has one. */
    private static final class Refs {

        private final EntityIndex<ServiceDefinition> services;
        private final EntityIndex<RouteDefinition> routes;
        private final EntityIndex<UpstreamDefinition> upstreams;
        private final EntityIndex<ConsumerDefinition> consumers;
        private final EntityIndex<ConsumerGroupDefinition> groups;

        Refs(DeclarativeConfig config) {
            services = EntityIndex.services(config.services());
            routes = EntityIndex.routes(config.routes());
            upstreams = EntityIndex.upstreams(config.upstreams());
            consumers = EntityIndex.consumers(config.consumers());
            groups = EntityIndex.consumerGroups(config.consumerGroups());
        }

        EntityRef service(EntityRef ref) {
            return byId(ref, services, ServiceDefinition::id);
        }

        EntityRef route(EntityRef ref) {
            return byId(ref, routes, RouteDefinition::id);
        }

        EntityRef upstream(EntityRef ref) {
            return byId(ref, upstreams, UpstreamDefinition::id);
        }

        EntityRef consumer(EntityRef ref) {
            return byId(ref, consumers, ConsumerDefinition::id);
        }

        EntityRef group(EntityRef ref) {
            return byId(ref, groups, ConsumerGroupDefinition::id);
        }

        private static <T> EntityRef byId(EntityRef ref, EntityIndex<T> index, Function<T, String> id) {
            if (ref == null || ref.id() != null) {
                return ref;
            }
            return index.find(ref).map(id).map(EntityRef::ofId).orElse(ref);
        }

    }

}
