package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies built from real field names and hostile values never make EntityInput throw. */
class HostileEntityInputPropertyTests {

    private static final List<Class<?>> TYPES = List.of(ServiceDefinition.class, RouteDefinition.class,
            UpstreamDefinition.class, TargetDefinition.class, ConsumerDefinition.class, ConsumerGroupDefinition.class,
            KeyAuthCredential.class, BasicAuthCredential.class, JwtCredential.class, AclGroup.class,
            PluginDefinition.class, CertificateDefinition.class, SniDefinition.class, CaCertificateDefinition.class);

    private static final List<String> FIELDS = List.of("id", "name", "url", "protocol", "host", "port", "path",
            "retries", "connect_timeout", "tags", "enabled", "retry", "protocols", "methods", "hosts", "paths",
            "headers", "snis", "strip_path", "regex_priority", "priority", "https_redirect_status_code", "service",
            "algorithm", "hash_on", "slots", "healthchecks", "target", "weight", "upstream", "username", "custom_id",
            "groups", "key", "key_hash", "password", "password_hash", "secret", "rsa_public_key", "group", "consumer",
            "config", "route", "consumer_group", "cert", "certificate", "cert_digest");

    @Property(tries = 1000)
    void bodiesNeverThrow(@ForAll("types") Class<?> type, @ForAll("bodies") ObjectNode body) {
        EntityInput<?> input = EntityInput.read(body, type);
        assertThat(input.entity() != null || !input.violations().isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<Class<?>> types() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<ObjectNode> bodies() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), values()).ofMaxSize(6).map(map -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            map.forEach(node::set);
            return node;
        });
    }

    private Arbitrary<JsonNode> values() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(nodes::stringNode),
                Arbitraries.integers().map(nodes::numberNode), Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.of(nodes.booleanNode(false), nodes.nullNode(),
                        nodes.numberNode(new BigInteger("123456789012345678901234567890")), nodes.stringNode("~/(x"),
                        nodes.stringNode("*.*"), nodes.stringNode("0"), nodes.stringNode("15s"),
                        nodes.stringNode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
                        nodes.stringNode("0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60")));
        Arbitrary<JsonNode> containers = Arbitraries.oneOf(
                scalars.list().ofMaxSize(3).map(list -> {
                    var array = nodes.arrayNode();
                    list.forEach(array::add);
                    return (JsonNode) array;
                }),
                Arbitraries.maps(Arbitraries.of("minute", "num_retries", "retry_on", "active", "x", "id", "name"), scalars)
                    .ofMaxSize(3)
                    .map(map -> {
                        ObjectNode object = nodes.objectNode();
                        map.forEach(object::set);
                        return (JsonNode) object;
                    }));
        return Arbitraries.oneOf(scalars, containers);
    }

}
