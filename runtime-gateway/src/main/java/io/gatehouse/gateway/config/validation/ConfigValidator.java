package io.gatehouse.gateway.config.validation;

import java.util.List;
import java.util.function.Consumer;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;

/**
 * The rules of the config language. The single-entity methods check one entity as the control plane
 * receives it (paths relative to it, e.g. {@code paths[0]}; references to other entities are the
 * caller's to resolve); {@link #validate(DeclarativeConfig)} checks a whole config, including unique
 * names and references, with paths like {@code routes[1].paths[0]}. An empty list means valid.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static List<ConfigViolation> validateService(ServiceDefinition service) {
        return one(v -> ServiceRules.check(service, "", v));
    }

    public static List<ConfigViolation> validateRoute(RouteDefinition route) {
        return one(v -> RouteRules.check(route, "", v));
    }

    public static List<ConfigViolation> validateUpstream(UpstreamDefinition upstream) {
        return one(v -> UpstreamRules.check(upstream, "", v));
    }

    public static List<ConfigViolation> validateTarget(TargetDefinition target) {
        return one(v -> UpstreamRules.checkTarget(target, "", v));
    }

    public static List<ConfigViolation> validateConsumer(ConsumerDefinition consumer) {
        return one(v -> ConsumerRules.check(consumer, "", v));
    }

    public static List<ConfigViolation> validateConsumerGroup(ConsumerGroupDefinition group) {
        return one(v -> ConsumerRules.checkGroup(group, "", v));
    }

    public static List<ConfigViolation> validateKeyAuth(KeyAuthCredential credential) {
        return one(v -> ConsumerRules.checkKeyAuth(credential, "", v));
    }

    public static List<ConfigViolation> validateBasicAuth(BasicAuthCredential credential) {
        return one(v -> ConsumerRules.checkBasicAuth(credential, "", v));
    }

    public static List<ConfigViolation> validateJwt(JwtCredential credential) {
        return one(v -> ConsumerRules.checkJwt(credential, "", v));
    }

    public static List<ConfigViolation> validateAcl(AclGroup acl) {
        return one(v -> ConsumerRules.checkAcl(acl, "", v));
    }

    /** The plugin name, its config against the plugin's schema ({@code config.…} paths) and its scope. */
    public static List<ConfigViolation> validatePlugin(PluginDefinition plugin) {
        return one(v -> PluginRules.check(plugin, "", v));
    }

    /** PEM syntax of cert and key, and that the key belongs to the certificate. */
    public static List<ConfigViolation> validateCertificate(CertificateDefinition certificate) {
        return one(v -> CertificateRules.check(certificate, "", v));
    }

    public static List<ConfigViolation> validateSni(SniDefinition sni) {
        return one(v -> CertificateRules.checkSni(sni, "", v));
    }

    public static List<ConfigViolation> validateCaCertificate(CaCertificateDefinition ca) {
        return one(v -> CertificateRules.checkCa(ca, "", v));
    }

    /**
     * The single-entity rules for any definition record (dispatching on its type).
     * @throws IllegalArgumentException for an object that is not a definition record
     */
    public static List<ConfigViolation> validateEntity(Object entity) {
        if (entity instanceof ServiceDefinition e) {
            return validateService(e);
        }
        if (entity instanceof RouteDefinition e) {
            return validateRoute(e);
        }
        if (entity instanceof UpstreamDefinition e) {
            return validateUpstream(e);
        }
        if (entity instanceof TargetDefinition e) {
            return validateTarget(e);
        }
        if (entity instanceof ConsumerDefinition e) {
            return validateConsumer(e);
        }
        if (entity instanceof ConsumerGroupDefinition e) {
            return validateConsumerGroup(e);
        }
        if (entity instanceof KeyAuthCredential e) {
            return validateKeyAuth(e);
        }
        if (entity instanceof BasicAuthCredential e) {
            return validateBasicAuth(e);
        }
        if (entity instanceof JwtCredential e) {
            return validateJwt(e);
        }
        if (entity instanceof AclGroup e) {
            return validateAcl(e);
        }
        if (entity instanceof PluginDefinition e) {
            return validatePlugin(e);
        }
        if (entity instanceof CertificateDefinition e) {
            return validateCertificate(e);
        }
        if (entity instanceof SniDefinition e) {
            return validateSni(e);
        }
        if (entity instanceof CaCertificateDefinition e) {
            return validateCaCertificate(e);
        }
        if (entity instanceof DeclarativeConfig e) {
            return validate(e);
        }
        throw new IllegalArgumentException("not a config entity: " + entity);
    }

    /** Every entity on its own, then uniqueness and references across the config. */
    public static List<ConfigViolation> validate(DeclarativeConfig config) {
        Violations violations = new Violations();
        // non-short-circuit &: every list is checked; references are only followed when no entity is null
        boolean noNulls = each(config.services(), "services", ServiceRules::check, violations)
                & each(config.routes(), "routes", RouteRules::check, violations)
                & each(config.upstreams(), "upstreams", UpstreamRules::check, violations)
                & each(config.targets(), "targets", UpstreamRules::checkTarget, violations)
                & each(config.consumers(), "consumers", ConsumerRules::check, violations)
                & each(config.consumerGroups(), "consumer_groups", ConsumerRules::checkGroup, violations)
                & each(config.keyAuthCredentials(), "keyauth_credentials", ConsumerRules::checkKeyAuth, violations)
                & each(config.basicAuthCredentials(), "basicauth_credentials", ConsumerRules::checkBasicAuth,
                        violations)
                & each(config.jwtSecrets(), "jwt_secrets", ConsumerRules::checkJwt, violations)
                & each(config.acls(), "acls", ConsumerRules::checkAcl, violations)
                & each(config.plugins(), "plugins", PluginRules::check, violations)
                & each(config.certificates(), "certificates", CertificateRules::check, violations)
                & each(config.snis(), "snis", CertificateRules::checkSni, violations)
                & each(config.caCertificates(), "ca_certificates", CertificateRules::checkCa, violations);
        if (noNulls) {
            ReferenceRules.check(config, violations);
        }
        return violations.list();
    }

    private static List<ConfigViolation> one(Consumer<Violations> rules) {
        Violations violations = new Violations();
        rules.accept(violations);
        return violations.list();
    }

    /** Checks each entity; false when the list holds a null (reported as such). */
    private static <T> boolean each(List<T> entities, String list, Rule<T> rule, Violations violations) {
        boolean noNulls = true;
        for (int i = 0; i < entities.size(); i++) {
            T entity = entities.get(i);
            String path = Violations.at(list, i);
            if (entity == null) {
                violations.add(path, ConfigMessages.NULL_ELEMENT);
                noNulls = false;
            }
            else {
                rule.check(entity, path, violations);
            }
        }
        return noNulls;
    }

    @FunctionalInterface
    private interface Rule<T> {

        void check(T entity, String path, Violations violations);

    }

}
