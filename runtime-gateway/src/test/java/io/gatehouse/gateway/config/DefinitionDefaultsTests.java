package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;

class DefinitionDefaultsTests {

    private <T> T read(String json, Class<T> type) {
        return ConfigJson.json().readValue(json, type);
    }

    @Test
    void serviceTakesKongDefaults() {
        ServiceDefinition service = read("{\"name\":\"orders\",\"host\":\"orders.internal\"}", ServiceDefinition.class);
        assertThat(service.protocol()).isEqualTo("http");
        assertThat(service.port()).isEqualTo(80);
        assertThat(service.retries()).isEqualTo(5);
        assertThat(service.connectTimeout()).isEqualTo(60_000);
        assertThat(service.writeTimeout()).isEqualTo(60_000);
        assertThat(service.readTimeout()).isEqualTo(60_000);
        assertThat(service.enabled()).isTrue();
        assertThat(service.tags()).isEmpty();
        assertThat(service.retry()).isNull();
        assertThat(service.effectiveRetry().numRetries()).isEqualTo(5);
    }

    @Test
    void serviceUrlFillsProtocolHostPortAndPath() {
        ServiceDefinition service = read("{\"name\":\"orders\",\"url\":\"https://orders.internal/v1\"}",
                ServiceDefinition.class);
        assertThat(service.protocol()).isEqualTo("https");
        assertThat(service.host()).isEqualTo("orders.internal");
        assertThat(service.port()).isEqualTo(443);
        assertThat(service.path()).isEqualTo("/v1");
    }

    @Test
    void retryPolicyTakesMeshRetryDefaults() {
        ServiceDefinition service = read("{\"name\":\"s\",\"host\":\"h\",\"retry\":{}}", ServiceDefinition.class);
        RetryPolicy retry = service.retry();
        assertThat(retry.numRetries()).isEqualTo(5);
        assertThat(retry.perTryTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(retry.backOff().baseInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(retry.backOff().maxInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.rateLimitedBackOff()).isNull();
        assertThat(retry.retryOn()).containsExactly("5XX", "GatewayError", "Reset", "ConnectFailure", "RefusedStream");
    }

    @Test
    void retryPolicyReadsDurationsAndNestedFields() {
        RetryPolicy retry = read("""
				{"num_retries": 3, "per_try_timeout": "0",
				 "back_off": {"base_interval": "100ms"},
				 "rate_limited_back_off": {"reset_headers": [{"name": "retry-after", "format": "Seconds"}]},
				 "retry_on": ["429", "HttpMethodGet"],
				 "retriable_request_headers": [{"type": "Prefix", "name": "x-retry", "value": "yes"}],
				 "host_selection": [{"predicate": "OmitPreviousHosts"}]}
				""", RetryPolicy.class);
        assertThat(retry.perTryTimeout()).isZero();
        assertThat(retry.backOff().maxInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.rateLimitedBackOff().maxInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(retry.rateLimitedBackOff().resetHeaders()).containsExactly(
                new RetryPolicy.ResetHeader("retry-after", RetryPolicy.ResetHeader.Format.Seconds));
        assertThat(retry.retriableRequestHeaders().get(0).type()).isEqualTo(HeaderMatcher.Type.Prefix);
        assertThat(retry.omitPreviousHosts()).isTrue();
    }

    @Test
    void headerMatcherDefaultsToExact() {
        assertThat(read("{\"name\":\"x\",\"value\":\"1\"}", HeaderMatcher.class).type())
            .isEqualTo(HeaderMatcher.Type.Exact);
    }

    @Test
    void routeTakesKongDefaults() {
        RouteDefinition route = read("{\"paths\":[\"/orders\"],\"service\":\"orders\"}", RouteDefinition.class);
        assertThat(route.protocols()).containsExactly("http", "https");
        assertThat(route.stripPath()).isTrue();
        assertThat(route.preserveHost()).isFalse();
        assertThat(route.regexPriority()).isZero();
        assertThat(route.httpsRedirectStatusCode()).isEqualTo(426);
        assertThat(route.pathHandling()).isEqualTo("v0");
        assertThat(route.requestBuffering()).isTrue();
        assertThat(route.responseBuffering()).isTrue();
        assertThat(route.service()).isEqualTo(EntityRef.ofName("orders"));
    }

    @Test
    void referencesReadAsIdsOrNames() {
        String id = "0f6b3a52-3f1e-4a8e-9f43-1b2c3d4e5f60";
        assertThat(read("{\"service\":\"" + id + "\"}", RouteDefinition.class).service()).isEqualTo(EntityRef.ofId(id));
        assertThat(read("{\"service\":{\"id\":\"" + id + "\"}}", RouteDefinition.class).service())
            .isEqualTo(EntityRef.ofId(id));
        assertThat(read("{\"service\":{\"name\":\"orders\"}}", RouteDefinition.class).service())
            .isEqualTo(EntityRef.ofName("orders"));
        assertThat(read("{\"consumer\":{\"username\":\"ann\"}}", AclGroup.class).consumer())
            .isEqualTo(EntityRef.ofName("ann"));
    }

    @Test
    void upstreamTakesKongHealthcheckDefaults() {
        UpstreamDefinition upstream = read("{\"name\":\"orders.upstream\"}", UpstreamDefinition.class);
        assertThat(upstream.algorithm()).isEqualTo("round-robin");
        assertThat(upstream.hashOn()).isEqualTo("none");
        assertThat(upstream.slots()).isEqualTo(10_000);
        Healthchecks.Active active = upstream.healthchecks().active();
        assertThat(active.type()).isEqualTo("http");
        assertThat(active.httpPath()).isEqualTo("/");
        assertThat(active.timeout()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(active.concurrency()).isEqualTo(10);
        assertThat(active.healthy().httpStatuses()).containsExactly(200, 302);
        assertThat(active.unhealthy().httpStatuses()).containsExactly(429, 404, 500, 501, 502, 503, 504, 505);
        assertThat(upstream.healthchecks().passive().unhealthy().httpStatuses()).containsExactly(429, 500, 503);
    }

    @Test
    void targetAndPluginDefaults() {
        assertThat(read("{\"target\":\"10.0.0.1:8080\"}", TargetDefinition.class).weight()).isEqualTo(100);
        PluginDefinition plugin = read("{\"name\":\"key-auth\"}", PluginDefinition.class);
        assertThat(plugin.enabled()).isTrue();
        assertThat(plugin.isGlobal()).isTrue();
        assertThat(plugin.config()).isEmpty();
        assertThat(read("{\"algorithm\":null}", JwtCredential.class).algorithm()).isEqualTo("HS256");
    }

    @Test
    void unknownFieldsAndWrongTypesAreRejected() {
        assertThatThrownBy(() -> read("{\"name\":\"s\",\"colour\":\"red\"}", ServiceDefinition.class))
            .isInstanceOf(DatabindException.class)
            .hasMessageContaining("colour");
        assertThatThrownBy(() -> read("{\"port\":\"80\"}", ServiceDefinition.class))
            .isInstanceOf(DatabindException.class);
        assertThatThrownBy(() -> read("{\"per_try_timeout\":\"15 seconds\"}", RetryPolicy.class))
            .isInstanceOf(DatabindException.class);
    }

    @Test
    void writesSnakeCaseAndDurationsInTheirSpelling() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofSeconds(90), null, null, List.of("503"), null, null, null);
        String json = ConfigJson.json().writeValueAsString(retry);
        assertThat(json).contains("\"num_retries\":2", "\"per_try_timeout\":\"1m30s\"", "\"base_interval\":\"25ms\"",
                "\"max_interval\":\"250ms\"");
    }

}
