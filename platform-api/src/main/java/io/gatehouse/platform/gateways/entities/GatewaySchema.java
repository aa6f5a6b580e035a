package io.gatehouse.platform.gateways.entities;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control plane's door to the gateway's config language: a document is read into the gateway's own
 * definition record with the gateway's own mapper ({@link ConfigJson}), so unknown fields and wrong types
 * are refused exactly as a gateway would refuse them, with the field's path; then the gateway's own rules
 * ({@link ConfigValidator}) run on the definition.
 */
@Component
class GatewaySchema {

    private static final Map<EntityType, Class<?>> DEFINITIONS = Map.ofEntries(
            Map.entry(EntityType.SERVICE, ServiceDefinition.class),
            Map.entry(EntityType.ROUTE, RouteDefinition.class),
            Map.entry(EntityType.UPSTREAM, UpstreamDefinition.class),
            Map.entry(EntityType.TARGET, TargetDefinition.class),
            Map.entry(EntityType.CONSUMER, ConsumerDefinition.class),
            Map.entry(EntityType.CONSUMER_GROUP, ConsumerGroupDefinition.class),
            Map.entry(EntityType.PLUGIN, PluginDefinition.class),
            Map.entry(EntityType.KEY_AUTH, KeyAuthCredential.class),
            Map.entry(EntityType.BASIC_AUTH, BasicAuthCredential.class),
            Map.entry(EntityType.JWT, JwtCredential.class),
            Map.entry(EntityType.ACL, AclGroup.class),
            Map.entry(EntityType.CERTIFICATE, CertificateDefinition.class),
            Map.entry(EntityType.SNI, SniDefinition.class),
            Map.entry(EntityType.CA_CERTIFICATE, CaCertificateDefinition.class));

    private final SecretHashes hashes = new SecretHashes();

    /**
     * Reads a document into the gateway's definition and runs the gateway's rules for that entity type
     * ({@link ConfigValidator}); throws {@link InvalidInputException} naming every bad field with the
     * gateway's own path and message.
     */
    Object validate(EntityType type, ObjectNode document) {
        Object definition = read(type, document);
        List<ConfigViolation> violations = rules(definition);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed",
                    violations.stream().map(v -> new FieldViolation(v.path(), v.message())).toList());
        }
        return definition;
    }

    private static List<ConfigViolation> rules(Object definition) {
        if (definition instanceof ServiceDefinition service) {
            return ConfigValidator.validateService(service);
        } else if (definition instanceof RouteDefinition route) {
            return ConfigValidator.validateRoute(route);
        } else if (definition instanceof UpstreamDefinition upstream) {
            return ConfigValidator.validateUpstream(upstream);
        } else if (definition instanceof TargetDefinition target) {
            return ConfigValidator.validateTarget(target);
        } else if (definition instanceof ConsumerDefinition consumer) {
            return ConfigValidator.validateConsumer(consumer);
        } else if (definition instanceof ConsumerGroupDefinition group) {
            return ConfigValidator.validateConsumerGroup(group);
        } else if (definition instanceof PluginDefinition plugin) {
            return ConfigValidator.validatePlugin(plugin);
        } else if (definition instanceof KeyAuthCredential key) {
            return ConfigValidator.validateKeyAuth(key);
        } else if (definition instanceof BasicAuthCredential basic) {
            return ConfigValidator.validateBasicAuth(basic);
        } else if (definition instanceof JwtCredential jwt) {
            return ConfigValidator.validateJwt(jwt);
        } else if (definition instanceof AclGroup acl) {
            return ConfigValidator.validateAcl(acl);
        } else if (definition instanceof CertificateDefinition certificate) {
            return ConfigValidator.validateCertificate(certificate);
        } else if (definition instanceof SniDefinition sni) {
            return ConfigValidator.validateSni(sni);
        } else if (definition instanceof CaCertificateDefinition ca) {
            return ConfigValidator.validateCaCertificate(ca);
        }
        throw new IllegalStateException("no rules for " + definition.getClass());
    }

    SecretHashes secretHashes() {
        return hashes;
    }

    static Object read(EntityType type, ObjectNode document) {
        try {
            return ConfigJson.json().treeToValue(document, DEFINITIONS.get(type));
        } catch (DatabindException e) {
            throw new InvalidInputException("Validation failed", List.of(new FieldViolation(path(e), reason(e))));
        } catch (JacksonException e) {
            throw new InvalidInputException("Validation failed", List.of(new FieldViolation("", e.getOriginalMessage())));
        }
    }

    private static String path(DatabindException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The gateway's own words ({@link ConfigMessages}) for what Jackson could not read. */
    private static String reason(DatabindException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return ConfigMessages.UNKNOWN_FIELD;
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return String.format(ConfigMessages.WRONG_TYPE, describe(mismatch.getTargetType()));
        }
        Throwable cause = e.getCause();
        return String.format(ConfigMessages.INVALID_VALUE,
                cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage());
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
