package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityIndex;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;

/**
 * Rules across a whole config: unique ids, names and secrets, and references that point at entities
 * which exist. Paths are the flat ones ({@code routes[3].service}).
 */
final class ReferenceRules {

    private ReferenceRules() {
    }

    static void check(DeclarativeConfig config, Violations violations) {
        uniqueness(config, violations);
        references(config, violations);
    }

    private static void uniqueness(DeclarativeConfig config, Violations violations) {
        unique(config.services(), "services", "id", s -> s.id(), violations);
        unique(config.services(), "services", "name", s -> s.name(), violations);
        unique(config.routes(), "routes", "id", r -> r.id(), violations);
        unique(config.routes(), "routes", "name", r -> r.name(), violations);
        unique(config.upstreams(), "upstreams", "id", u -> u.id(), violations);
        unique(config.upstreams(), "upstreams", "name", u -> u.name(), violations);
        unique(config.targets(), "targets", "id", t -> t.id(), violations);
        unique(config.consumers(), "consumers", "id", c -> c.id(), violations);
        unique(config.consumers(), "consumers", "username", c -> c.username(), violations);
        unique(config.consumers(), "consumers", "custom_id", c -> c.customId(), violations);
        unique(config.consumerGroups(), "consumer_groups", "id", g -> g.id(), violations);
        unique(config.consumerGroups(), "consumer_groups", "name", g -> g.name(), violations);
        unique(config.keyAuthCredentials(), "keyauth_credentials", "id", k -> k.id(), violations);
        unique(config.keyAuthCredentials(), "keyauth_credentials", "key", ReferenceRules::keyHash, violations);
        unique(config.basicAuthCredentials(), "basicauth_credentials", "id", b -> b.id(), violations);
        unique(config.basicAuthCredentials(), "basicauth_credentials", "username", b -> b.username(), violations);
        unique(config.jwtSecrets(), "jwt_secrets", "id", j -> j.id(), violations);
        unique(config.jwtSecrets(), "jwt_secrets", "key", j -> j.key(), violations);
        unique(config.acls(), "acls", "id", a -> a.id(), violations);
        unique(config.plugins(), "plugins", "id", p -> p.id(), violations);
        unique(config.plugins(), "plugins", "instance_name", p -> p.instanceName(), violations);
        unique(config.certificates(), "certificates", "id", c -> c.id(), violations);
        unique(config.snis(), "snis", "id", s -> s.id(), violations);
        unique(config.snis(), "snis", "name", s -> s.name(), violations);
        unique(config.caCertificates(), "ca_certificates", "id", c -> c.id(), violations);
        sniNames(config, violations);
    }

    /** A server name is served by one certificate, whether listed on the certificate or as an SNI entity. */
    private static void sniNames(DeclarativeConfig config, Violations violations) {
        Map<String, String> seen = new HashMap<>();
        for (int c = 0; c < config.certificates().size(); c++) {
            List<String> names = config.certificates().get(c).snis();
            for (int i = 0; i < names.size(); i++) {
                claim(seen, names.get(i), at(at(at("certificates", c), "snis"), i), violations);
            }
        }
        for (int i = 0; i < config.snis().size(); i++) {
            if (config.snis().get(i).name() != null) {
                // duplicates among SNI entities themselves are reported by unique(...)
                seen.putIfAbsent(config.snis().get(i).name(), at(at("snis", i), "name"));
                String owner = seen.get(config.snis().get(i).name());
                if (owner.startsWith("certificates")) {
                    violations.add(at(at("snis", i), "name"), ConfigMessages.DUPLICATE, config.snis().get(i).name());
                }
            }
        }
    }

    private static void claim(Map<String, String> seen, String name, String path, Violations violations) {
        if (name != null && seen.putIfAbsent(name, path) != null) {
            violations.add(path, ConfigMessages.DUPLICATE, name);
        }
    }

    /** Keys compare by hash, so a clear key and the hash of the same key clash. */
    private static String keyHash(KeyAuthCredential credential) {
        return credential.keyHash() != null ? credential.keyHash()
                : credential.key() == null ? null : SecretHashes.keyHash(credential.key());
    }

    private static <T> void unique(List<T> entities, String list, String field, Function<T, String> key,
            Violations violations) {
        Map<String, Integer> seen = new HashMap<>(Math.max(16, entities.size() * 4 / 3 + 1));
        for (int i = 0; i < entities.size(); i++) {
            String value = key.apply(entities.get(i));
            if (value != null && seen.putIfAbsent(value, i) != null) {
                // never echo a secret back: name the earlier entry instead of the value
                String shown = field.equals("key") ? at(list, seen.get(value)) : value;
                violations.add(at(at(list, i), field), ConfigMessages.DUPLICATE, shown);
            }
        }
    }

    private static void references(DeclarativeConfig config, Violations violations) {
        Resolver services = new Resolver("service", EntityIndex.services(config.services()));
        Resolver routes = new Resolver("route", EntityIndex.routes(config.routes()));
        Resolver upstreams = new Resolver("upstream", EntityIndex.upstreams(config.upstreams()));
        Resolver consumers = new Resolver("consumer", EntityIndex.consumers(config.consumers()));
        Resolver groups = new Resolver("consumer group", EntityIndex.consumerGroups(config.consumerGroups()));
        Resolver certificates = new Resolver("certificate", EntityIndex.certificates(config.certificates()));

        for (int i = 0; i < config.routes().size(); i++) {
            services.optional(config.routes().get(i).service(), at(at("routes", i), "service"), violations);
        }
        for (int i = 0; i < config.targets().size(); i++) {
            upstreams.required(config.targets().get(i).upstream(), at(at("targets", i), "upstream"), violations);
        }
        for (int i = 0; i < config.consumers().size(); i++) {
            List<EntityRef> memberships = config.consumers().get(i).groups();
            for (int g = 0; g < memberships.size(); g++) {
                groups.optional(memberships.get(g), at(at(at("consumers", i), "groups"), g), violations);
            }
        }
        credentialOwners(config.keyAuthCredentials(), "keyauth_credentials", c -> c.consumer(), consumers, violations);
        credentialOwners(config.basicAuthCredentials(), "basicauth_credentials", c -> c.consumer(), consumers,
                violations);
        credentialOwners(config.jwtSecrets(), "jwt_secrets", c -> c.consumer(), consumers, violations);
        credentialOwners(config.acls(), "acls", c -> c.consumer(), consumers, violations);
        for (int i = 0; i < config.snis().size(); i++) {
            certificates.required(config.snis().get(i).certificate(), at(at("snis", i), "certificate"), violations);
        }
        plugins(config.plugins(), services, routes, consumers, groups, violations);
    }

    private static <T> void credentialOwners(List<T> credentials, String list, Function<T, EntityRef> owner,
            Resolver consumers, Violations violations) {
        for (int i = 0; i < credentials.size(); i++) {
            consumers.required(owner.apply(credentials.get(i)), at(at(list, i), "consumer"), violations);
        }
    }

    /** Scope references must exist, and one plugin name may be configured once per scope. */
    private static void plugins(List<PluginDefinition> plugins, Resolver services, Resolver routes,
            Resolver consumers, Resolver groups, Violations violations) {
        Map<List<Object>, Integer> scopes = new HashMap<>();
        for (int i = 0; i < plugins.size(); i++) {
            PluginDefinition plugin = plugins.get(i);
            String path = at("plugins", i);
            Integer service = services.optional(plugin.service(), at(path, "service"), violations);
            Integer route = routes.optional(plugin.route(), at(path, "route"), violations);
            Integer consumer = consumers.optional(plugin.consumer(), at(path, "consumer"), violations);
            Integer group = groups.optional(plugin.consumerGroup(), at(path, "consumer_group"), violations);
            List<Object> scope = Arrays.asList(plugin.name(), plugin.instanceName(), service, route, consumer,
                    group);
            if (plugin.name() != null && scopes.putIfAbsent(scope, i) != null) {
                violations.add(at(path, "name"), ConfigMessages.PLUGIN_DUPLICATE_SCOPE, plugin.name());
            }
        }
    }

    /** Finds which entity a reference points at, reporting references that point nowhere. */
    private record Resolver(String kind, EntityIndex<?> index) {

        /** The index of the referenced entity, or null (reporting a dangling reference). */
        Integer optional(EntityRef ref, String path, Violations violations) {
            if (ref == null) {
                return null;
            }
            int found = index.indexOf(ref);
            if (found < 0) {
                violations.add(path, ConfigMessages.MISSING_REFERENCE, kind, Objects.toString(ref.display(), ""));
                return null;
            }
            return found;
        }

        Integer required(EntityRef ref, String path, Violations violations) {
            if (ref == null) {
                violations.add(path, ConfigMessages.REFERENCE_REQUIRED, kind);
                return null;
            }
            return optional(ref, path, violations);
        }

    }

}
