package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigNormalizer;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.HeaderMatcher;
import io.gatehouse.gateway.config.Healthchecks;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RetryPolicy;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import org.junit.jupiter.api.Test;

/** Every entity kind and field family, exported and imported again. */
class FullConfigRoundTripTests {

    private static final String SERVICE_ID = "11111111-2222-4333-8444-555555555555";
    private static final String CERT_ID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    private final ConfigNormalizer normalizer = new ConfigNormalizer(new SecretHashes(new SecureRandom(), 1_000));

    static DeclarativeConfig everything() {
        RetryPolicy retry = new RetryPolicy(4, Duration.ofSeconds(2), new RetryPolicy.BackOff(Duration.ofMillis(50), null),
                new RetryPolicy.RateLimitedBackOff(
                        List.of(new RetryPolicy.ResetHeader("retry-after", RetryPolicy.ResetHeader.Format.Seconds),
                                new RetryPolicy.ResetHeader("x-ratelimit-reset",
                                        RetryPolicy.ResetHeader.Format.UnixTimestamp)),
                        Duration.ofMinutes(2)),
                List.of("5XX", "429", "HttpMethodGet"),
                List.of(new HeaderMatcher(HeaderMatcher.Type.Present, "x-idempotency-key", null)),
                List.of(new HeaderMatcher(HeaderMatcher.Type.RegularExpression, "x-retry", "^yes$")),
                List.of(new RetryPolicy.HostPredicate(RetryPolicy.HostPredicate.Predicate.OmitPreviousHosts)));
        ServiceDefinition orders = new ServiceDefinition(SERVICE_ID, "orders", null, "https", "orders.upstream", 8443,
                "/api", 2, 1000, 2000, 3000, List.of("team-a", "tier-1"), false, retry);
        RouteDefinition byId = new RouteDefinition(null, "order-by-id", List.of("https"), List.of("GET"),
                List.of("*.example.com"), List.of("~/orders/(?<id>\\d+)$"), Map.of("x-tenant", List.of("acme", "~*^beta")),
                List.of("api.example.com"), false, true, 5, 7L, 308, "v1", false, false, List.of("r"),
                EntityRef.ofId(SERVICE_ID), new RetryPolicy(0, Duration.ZERO, null, null, List.of(), null, null, null));
        Healthchecks healthchecks = new Healthchecks(
                new Healthchecks.Active("https", "/health", new BigDecimal("2.5"), 5, false, "health.internal",
                        new Healthchecks.ActiveHealthy(new BigDecimal("10"), 3, List.of(200)),
                        new Healthchecks.ActiveUnhealthy(new BigDecimal("1"), 2, 2, 2, List.of(500, 503))),
                new Healthchecks.Passive(null, new Healthchecks.PassiveHealthy(5, null),
                        new Healthchecks.PassiveUnhealthy(3, 1, 1, List.of(502))),
                new BigDecimal("25"));
        return DeclarativeConfig.builder()
            .service(orders)
            .service(ServiceDefinition.of("plain", "http://plain.internal"))
            .route(byId)
            .route(RouteDefinition.of("orphan-route", null, List.of("/orphan")))
            .upstream(new UpstreamDefinition(null, "orders.upstream", "consistent-hashing", "header", "ip", "x-user", null,
                    null, "/", 1000, healthchecks, "orders.internal", List.of("u")))
            .target(new TargetDefinition(null, "10.0.0.1:8443", 10, List.of("a"), EntityRef.ofName("orders.upstream")))
            .target(new TargetDefinition(null, "[2001:db8::1]:8443", 0, null, EntityRef.ofName("orders.upstream")))
            .consumerGroup(new ConsumerGroupDefinition(null, "gold", List.of("g")))
            .consumer(new ConsumerDefinition(null, "ann", "crm-1", List.of("vip"), List.of(EntityRef.ofName("gold"))))
            .keyAuth(new KeyAuthCredential(null, "ann-key-1", null, List.of("k"), EntityRef.ofName("ann")))
            .basicAuth(new BasicAuthCredential(null, "ann", "ann-password", null, null, EntityRef.ofName("ann")))
            .jwtSecret(new JwtCredential(null, "ann-issuer", "RS256", null, Resources.text("/pem/rsa-public.pem"), null,
                    EntityRef.ofName("ann")))
            .jwtSecret(new JwtCredential(null, "ann-hmac", null, "hmac-secret", null, null, EntityRef.ofName("ann")))
            .acl(new AclGroup(null, "admins", null, EntityRef.ofName("ann")))
            .plugin(PluginDefinition.global("rate-limiting", Map.of("minute", 10, "policy", "redis",
                    "redis", Map.of("host", "redis.internal", "ssl", true))).withScope(EntityRef.ofId(SERVICE_ID), null, null, null))
            .plugin(PluginDefinition.global("acl", Map.of("allow", List.of("admins")))
                .withScope(null, EntityRef.ofName("order-by-id"), null, null))
            .plugin(PluginDefinition.global("request-size-limiting", Map.of("allowed_payload_size", 1))
                .withScope(null, null, EntityRef.ofName("ann"), null))
            .plugin(PluginDefinition.global("rate-limiting", Map.of("hour", 100))
                .withScope(null, null, null, EntityRef.ofName("gold")))
            .plugin(PluginDefinition.global("ip-restriction", Map.of("deny", List.of("10.9.0.0/16", "2001:db8::/32")))
                .withScope(EntityRef.ofId(SERVICE_ID), EntityRef.ofName("order-by-id"), null, null))
            .plugin(new PluginDefinition(null, "http-log", "audit-log", false,
                    Map.of("http_endpoint", "https://logs.example.com/in", "headers", Map.of("x-token", "t"),
                            "queue", Map.of("max_batch_size", 50, "max_coalescing_delay", 0.5)),
                    List.of("http", "https"), null, null, null, null, List.of("ops")))
            .certificate(new CertificateDefinition(CERT_ID, Resources.text("/pem/rsa-cert.pem"),
                    Resources.text("/pem/rsa-key.pem"), List.of("api.example.com"), List.of("c")))
            .sni(new SniDefinition(null, "*.example.com", List.of("s"), EntityRef.ofId(CERT_ID)))
            .caCertificate(new CaCertificateDefinition(null, Resources.text("/pem/ca-cert.pem"), null, List.of("ca")))
            .build();
    }

    @Test
    void theRichConfigIsValid() {
        assertThat(ConfigValidator.validate(everything())).isEmpty();
    }

    @Test
    void normalisedConfigRoundTripsThroughYamlAndJson() {
        DeclarativeConfig normalised = normalizer.normalize(everything());
        String yaml = DeclarativeWriter.toYaml(normalised);
        DeclarativeConfig fromYaml = DeclarativeReader.read(yaml).requireValid();
        SameEntities.assertSameEntities(normalizer.normalize(fromYaml), normalised);
        DeclarativeConfig fromJson = DeclarativeReader.read(DeclarativeWriter.toJson(normalised)).requireValid();
        SameEntities.assertSameEntities(normalizer.normalize(fromJson), normalised);
        assertThat(ConfigHash.of(normalizer.normalize(fromYaml))).isEqualTo(ConfigHash.of(normalised));
    }

    @Test
    void theExportNestsEntitiesUnderTheirParents() {
        String yaml = DeclarativeWriter.toYaml(normalizer.normalize(everything()));
        assertThat(yaml).contains("\n  routes:\n  - name: order-by-id\n")
            .contains("\n  targets:\n  - target: 10.0.0.1:8443\n")
            .contains("  basicauth_credentials:\n  - username: ann\n    password_hash: pbkdf2-sha256$")
            .contains("    per_try_timeout: 2s")
            .contains("snis:\n  - name: api.example.com")
            .doesNotContain("ann-password", "ann-key-1");
    }

    @Test
    void retryPolicyWithOnlyDefaultsSurvivesAsAnEmptyObject() {
        DeclarativeConfig config = DeclarativeConfig.builder()
            .service(new ServiceDefinition(null, "s", "http://s.internal", null, null, null, null, null, null, null,
                    null, null, null, RetryPolicy.defaults()))
            .build();
        String yaml = DeclarativeWriter.toYaml(config);
        assertThat(yaml).contains("retry: {}");
        assertThat(DeclarativeReader.read(yaml).requireValid()).isEqualTo(config);
    }

}
