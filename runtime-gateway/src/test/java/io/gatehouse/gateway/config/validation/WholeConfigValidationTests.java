package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import org.junit.jupiter.api.Test;

class WholeConfigValidationTests {

    private static final String ORDERS_ID = "6f0c2b1e-6a43-4d0f-9a53-2d9b8f4c1a01";

    private static ServiceDefinition orders() {
        return ServiceDefinition.of("orders", "http://orders.internal").withId(ORDERS_ID);
    }

    private static ConsumerDefinition consumer(String username) {
        return new ConsumerDefinition(null, username, null, null, null);
    }

    @Test
    void aConsistentConfigHasNoViolations() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .service(orders())
            .route(RouteDefinition.of("orders-route", EntityRef.ofName("orders"), List.of("/orders")))
            .route(RouteDefinition.of("orders-by-id", EntityRef.ofId(ORDERS_ID), List.of("/o")))
            .upstream(UpstreamDefinition.named("orders.internal"))
            .target(new TargetDefinition(null, "10.0.0.1:8080", null, null, EntityRef.ofName("orders.internal")))
            .consumerGroup(new ConsumerGroupDefinition(null, "gold", null))
            .consumer(new ConsumerDefinition(null, "ann", null, null, List.of(EntityRef.ofName("gold"))))
            .keyAuth(new KeyAuthCredential(null, "ann-key", null, null, EntityRef.ofName("ann")))
            .acl(new AclGroup(null, "admins", null, EntityRef.ofName("ann")))
            .plugin(PluginDefinition.global("key-auth", Map.of()))
            .plugin(PluginDefinition.global("rate-limiting", Map.of("minute", 5))
                .withScope(EntityRef.ofName("orders"), EntityRef.ofName("orders-route"), EntityRef.ofName("ann"),
                        null))
            .build();
        assertThat(ConfigValidator.validate(config)).isEmpty();
    }

    @Test
    void entityRulesReportTheirListPosition() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .service(orders())
            .route(RouteDefinition.of("ok", EntityRef.ofName("orders"), List.of("/ok")))
            .route(RouteDefinition.of("bad", EntityRef.ofName("orders"), List.of("/ok", "nope")))
            .build();
        assertThat(ConfigValidator.validate(config))
            .containsExactly(new ConfigViolation("routes[1].paths[1]", "must start with / (prefix) or ~/ (regular expression)"));
    }

    @Test
    void duplicateNamesAreReportedOnTheLaterEntity() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .service(orders())
            .service(ServiceDefinition.of("orders", "http://other.internal"))
            .consumer(consumer("ann"))
            .consumer(consumer("ann"))
            .upstream(UpstreamDefinition.named("u"))
            .upstream(UpstreamDefinition.named("u"))
            .build();
        assertThat(ConfigValidator.validate(config)).containsExactly(
                new ConfigViolation("services[1].name", "duplicate: 'orders' is already used"),
                new ConfigViolation("upstreams[1].name", "duplicate: 'u' is already used"),
                new ConfigViolation("consumers[1].username", "duplicate: 'ann' is already used"));
    }

    @Test
    void duplicateKeysClashByHashWithoutEchoingTheKey() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .consumer(consumer("ann"))
            .keyAuth(new KeyAuthCredential(null, "secret-key", null, null, EntityRef.ofName("ann")))
            .keyAuth(new KeyAuthCredential(null, null, SecretHashes.keyHash("secret-key"), null, EntityRef.ofName("ann")))
            .build();
        assertThat(ConfigValidator.validate(config)).containsExactly(
                new ConfigViolation("keyauth_credentials[1].key", "duplicate: 'keyauth_credentials[0]' is already used"));
    }

    @Test
    void missingReferencesAreReported() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .route(RouteDefinition.of("r", EntityRef.ofName("nowhere"), List.of("/")))
            .target(new TargetDefinition(null, "a:1", null, null, EntityRef.ofName("no-upstream")))
            .target(new TargetDefinition(null, "a:2", null, null, null))
            .consumer(new ConsumerDefinition(null, "ann", null, null, List.of(EntityRef.ofName("platinum"))))
            .acl(new AclGroup(null, "g", null, EntityRef.ofName("bob")))
            .sni(new SniDefinition(null, "api.example.com", null, EntityRef.ofId(ORDERS_ID)))
            .plugin(PluginDefinition.global("cors", Map.of()).withScope(EntityRef.ofName("svc"), null, null,
                    EntityRef.ofName("silver")))
            .build();
        assertThat(ConfigValidator.validate(config)).containsExactly(
                new ConfigViolation("routes[0].service", "service 'nowhere' does not exist"),
                new ConfigViolation("targets[0].upstream", "upstream 'no-upstream' does not exist"),
                new ConfigViolation("targets[1].upstream", "required: the upstream this belongs to"),
                new ConfigViolation("consumers[0].groups[0]", "consumer group 'platinum' does not exist"),
                new ConfigViolation("acls[0].consumer", "consumer 'bob' does not exist"),
                new ConfigViolation("snis[0].certificate", "certificate '" + ORDERS_ID + "' does not exist"),
                new ConfigViolation("plugins[0].service", "service 'svc' does not exist"),
                new ConfigViolation("plugins[0].consumer_group", "consumer group 'silver' does not exist"));
    }

    @Test
    void aPluginIsConfiguredOncePerScope() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .service(orders())
            .plugin(PluginDefinition.global("cors", Map.of()).withScope(EntityRef.ofName("orders"), null, null, null))
            .plugin(PluginDefinition.global("cors", Map.of()).withScope(EntityRef.ofId(ORDERS_ID), null, null, null))
            .plugin(PluginDefinition.global("cors", Map.of()))
            .build();
        assertThat(ConfigValidator.validate(config))
            .containsExactly(new ConfigViolation("plugins[1].name", "plugin cors is already configured for this scope"));
    }

    @Test
    void consumersAreReferencedByIdUsernameOrCustomId() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .consumer(new ConsumerDefinition(null, null, "crm-42", null, null))
            .acl(new AclGroup(null, "g", null, EntityRef.ofName("crm-42")))
            .build();
        assertThat(ConfigValidator.validate(config)).isEmpty();
    }

    @Test
    void aServerNameBelongsToOneCertificate() {
        String certId = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        DeclarativeConfig config = DeclarativeConfig.builder()
            .certificate(new io.gatehouse.gateway.config.CertificateDefinition(certId, Fixtures.pem("rsa-cert.pem"),
                    Fixtures.pem("rsa-key.pem"), List.of("api.example.com"), null))
            .certificate(new io.gatehouse.gateway.config.CertificateDefinition(null, Fixtures.pem("ec-cert.pem"),
                    Fixtures.pem("ec-key-sec1.pem"), List.of("api.example.com"), null))
            .sni(new SniDefinition(null, "api.example.com", null, EntityRef.ofId(certId)))
            .sni(new SniDefinition(null, "*.example.com", null, EntityRef.ofId(certId)))
            .build();
        assertThat(ConfigValidator.validate(config)).containsExactly(
                new ConfigViolation("certificates[1].snis[0]", "duplicate: 'api.example.com' is already used"),
                new ConfigViolation("snis[0].name", "duplicate: 'api.example.com' is already used"));
    }

    @Test
    void nullEntitiesInFlatJsonAreReportedNotThrown() {
        DeclarativeConfig config = io.gatehouse.gateway.config.ConfigJson.json()
            .readValue("{\"services\":[null],\"routes\":[{\"paths\":[\"/\"],\"service\":\"x\"}]}", DeclarativeConfig.class);
        assertThat(ConfigValidator.validate(config))
            .containsExactly(new ConfigViolation("services[0]", io.gatehouse.gateway.config.ConfigMessages.NULL_ELEMENT));
    }

}
