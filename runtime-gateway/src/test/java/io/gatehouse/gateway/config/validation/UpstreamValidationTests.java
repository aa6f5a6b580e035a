package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import org.junit.jupiter.api.Test;

class UpstreamValidationTests {

    private static List<ConfigViolation> upstream(String json) {
        return ConfigValidator.validateUpstream(ConfigJson.json().readValue(json, UpstreamDefinition.class));
    }

    private static List<ConfigViolation> target(String json) {
        return ConfigValidator.validateTarget(ConfigJson.json().readValue(json, TargetDefinition.class));
    }

    private static ConfigViolation violation(String path, String message) {
        return new ConfigViolation(path, message);
    }

    @Test
    void acceptsKongStyleUpstreams() {
        assertThat(upstream("""
				{"name": "orders.upstream", "algorithm": "consistent-hashing", "hash_on": "header",
				 "hash_on_header": "x-user", "hash_fallback": "ip",
				 "healthchecks": {"active": {"http_path": "/health", "healthy": {"interval": 5, "successes": 2},
				                             "unhealthy": {"interval": 1.5, "http_failures": 3, "timeouts": 2}},
				                  "passive": {"unhealthy": {"http_failures": 5}}, "threshold": 50}}
				""")).isEmpty();
    }

    @Test
    void nameIsRequiredAndAHostName() {
        assertThat(upstream("{}")).containsExactly(violation("name", ConfigMessages.REQUIRED));
        assertThat(upstream("{\"name\":\"bad name\"}")).containsExactly(violation("name", ConfigMessages.INVALID_HOST));
    }

    @Test
    void algorithmAndHashing() {
        assertThat(upstream("{\"name\":\"u\",\"algorithm\":\"random\"}"))
            .containsExactly(violation("algorithm", "expected one of: round-robin, least-connections, consistent-hashing"));
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"header\"}"))
            .containsExactly(violation("hash_on_header", "required when hash_on is header"));
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"cookie\"}"))
            .containsExactly(violation("hash_on_cookie", ConfigMessages.HASH_COOKIE_REQUIRED));
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"ip\",\"hash_fallback\":\"ip\"}"))
            .containsExactly(violation("hash_fallback", ConfigMessages.HASH_FALLBACK_INVALID));
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"none\",\"hash_fallback\":\"ip\"}"))
            .containsExactly(violation("hash_fallback", ConfigMessages.HASH_FALLBACK_INVALID));
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"sticky\"}"))
            .containsExactly(violation("hash_on", "expected one of: none, consumer, ip, header, cookie, path"));
        assertThat(upstream("{\"name\":\"u\",\"slots\":5}")).containsExactly(violation("slots", "must be between 10 and 65536"));
    }

    @Test
    void healthcheckRanges() {
        assertThat(upstream("""
				{"name": "u", "healthchecks": {"active": {"type": "grpc", "http_path": "health", "concurrency": 0,
				   "healthy": {"interval": -1, "http_statuses": [200, 1000]}, "unhealthy": {"tcp_failures": 300}},
				 "passive": {"healthy": {"successes": 256}}, "threshold": 101}}
				""")).containsExactlyInAnyOrder(
                violation("healthchecks.active.type", "expected one of: http, https, tcp"),
                violation("healthchecks.active.http_path", ConfigMessages.INVALID_SERVICE_PATH),
                violation("healthchecks.active.concurrency", "must be between 1 and 2147483647"),
                violation("healthchecks.active.healthy.interval", "must be between 0 and 65535"),
                violation("healthchecks.active.healthy.http_statuses[1]", "must be between 100 and 999"),
                violation("healthchecks.active.unhealthy.tcp_failures", "must be between 0 and 255"),
                violation("healthchecks.passive.healthy.successes", "must be between 0 and 255"),
                violation("healthchecks.threshold", "must be between 0 and 100"));
    }

    @Test
    void targetsAreHostPortWithWeight() {
        assertThat(target("{\"target\":\"10.0.0.1:8080\"}")).isEmpty();
        assertThat(target("{\"target\":\"orders.internal\"}")).isEmpty();
        assertThat(target("{\"target\":\"[2001:db8::1]:8443\"}")).isEmpty();
        assertThat(target("{\"target\":\"[2001:db8::1]\",\"weight\":0}")).isEmpty();
        assertThat(target("{\"target\":\"10.0.0.1:99999\"}")).containsExactly(violation("target", ConfigMessages.INVALID_TARGET));
        assertThat(target("{\"target\":\"2001:db8::1\"}")).containsExactly(violation("target", ConfigMessages.INVALID_TARGET));
        assertThat(target("{\"target\":\"bad host:80\"}")).containsExactly(violation("target", ConfigMessages.INVALID_TARGET));
        assertThat(target("{}")).containsExactly(violation("target", ConfigMessages.REQUIRED));
        assertThat(target("{\"target\":\"a:1\",\"weight\":65536}")).containsExactly(violation("weight", "must be between 0 and 65535"));
    }

    @Test
    void fallbackHeaderHostHeaderCookiePathAndTags() {
        assertThat(upstream("{\"name\":\"u\",\"hash_on\":\"ip\",\"hash_fallback\":\"header\"}"))
            .containsExactly(violation("hash_fallback_header", "required when hash_fallback is header"));
        assertThat(upstream("{\"name\":\"u\",\"host_header\":\"bad host\",\"hash_on_cookie_path\":\"x\",\"tags\":[null]}"))
            .containsExactlyInAnyOrder(violation("host_header", ConfigMessages.INVALID_HOST),
                    violation("hash_on_cookie_path", ConfigMessages.INVALID_SERVICE_PATH),
                    violation("tags[0]", ConfigMessages.NULL_ELEMENT));
    }

}
