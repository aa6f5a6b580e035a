package io.gatehouse.platform.gateways.entities;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigJson;
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
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control plane's door to the gateway's config language: a document is read into the gateway's own
 * definition record with the gateway's own mapper ({@link ConfigJson}), so unknown fields and wrong types
 * are refused exactly as a gateway would refuse them, with the field's path.
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

    /** Reads and validates a document; throws {@link InvalidInputException} naming every bad field. */
    Object validate(EntityType type, ObjectNode document) {
        return read(type, document);
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

    private static String reason(DatabindException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return "has the wrong type or shape";
    }
}
