package io.gatehouse.gateway.config.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.plugins.correlationid.CorrelationIdConfig;
import io.gatehouse.gateway.plugins.httplog.HttpLogConfig;
import io.gatehouse.gateway.plugins.keyauth.KeyAuthConfig;
import io.gatehouse.gateway.plugins.ratelimit.RateLimitConfig;
import io.gatehouse.gateway.plugins.requestsize.RequestSizeLimitingConfig;
import io.gatehouse.gateway.plugins.requesttransformer.RequestTransformerConfig;
import org.junit.jupiter.api.Test;

class PluginSchemasTests {

    @Test
    void listsEveryPluginInChainOrder() {
        assertThat(PluginSchemas.all()).extracting(PluginSchema::name)
            .containsExactly("cors", "jwt", "key-auth", "basic-auth", "ip-restriction", "request-size-limiting", "acl",
                    "rate-limiting", "request-transformer", "response-transformer", "prometheus", "http-log",
                    "correlation-id");
        assertThat(PluginSchemas.all()).extracting(PluginSchema::priority)
            .containsExactly(2000, 1450, 1250, 1100, 990, 951, 950, 910, 801, 800, 13, 12, 1);
    }

    @Test
    void everyFieldHasADescription() {
        for (PluginSchema<?> schema : PluginSchemas.all()) {
            assertThat(schema.description()).as(schema.name()).isNotBlank();
            assertDescribed(schema.name(), schema.fields());
        }
    }

    private void assertDescribed(String plugin, List<SchemaField> fields) {
        for (SchemaField field : fields) {
            assertThat(field.description()).as(plugin + "." + field.name()).isNotBlank();
            assertDescribed(plugin + "." + field.name(), field.fields());
        }
    }

    @Test
    void defaultsOfEveryPluginThatNeedsNoInputAreValid() {
        for (String name : List.of("cors", "jwt", "key-auth", "basic-auth", "request-size-limiting",
                "request-transformer", "response-transformer", "prometheus", "correlation-id")) {
            assertThat(PluginSchemas.validate(name, Map.of())).as(name).isEmpty();
            assertThat(PluginSchemas.parse(name, Map.of())).as(name).isNotNull();
        }
    }

    @Test
    void parsesIntoTheTypedRecordWithDefaults() {
        KeyAuthConfig keyAuth = KeyAuthConfig.SCHEMA.parse(Map.of("key_names", List.of("x-api-key")));
        assertThat(keyAuth.keyNames()).containsExactly("x-api-key");
        assertThat(keyAuth.keyInHeader()).isTrue();
        assertThat(keyAuth.keyInBody()).isFalse();

        RateLimitConfig rateLimit = RateLimitConfig.SCHEMA.parse(Map.of("minute", 5, "policy", "redis",
                "redis", Map.of("host", "redis.internal")));
        assertThat(rateLimit.minute()).isEqualTo(5L);
        assertThat(rateLimit.second()).isNull();
        assertThat(rateLimit.limitBy()).isEqualTo("consumer");
        assertThat(rateLimit.redis().port()).isEqualTo(6379);
        assertThat(rateLimit.redis().timeout()).isEqualTo(2000);
        assertThat(rateLimit.errorCode()).isEqualTo(429);
        assertThat(rateLimit.faultTolerant()).isTrue();

        assertThat(CorrelationIdConfig.SCHEMA.defaults().headerName()).isEqualTo("X-Request-Id");
        assertThat(RequestSizeLimitingConfig.SCHEMA.defaults().allowedBytes()).isEqualTo(128L * 1024 * 1024);
        RequestTransformerConfig transformer = RequestTransformerConfig.SCHEMA
            .parse(Map.of("add", Map.of("headers", List.of("x-a:1"))));
        assertThat(transformer.add().headers()).containsExactly("x-a:1");
        assertThat(transformer.remove().querystring()).isEmpty();

        HttpLogConfig httpLog = HttpLogConfig.SCHEMA.parse(Map.of("http_endpoint", "http://logs.internal/in"));
        assertThat(httpLog.queue().maxEntries()).isEqualTo(10_000);
        assertThat(httpLog.queue().initialRetryDelay()).isEqualTo(0.01);
    }

    @Test
    void unknownPluginIsAViolationOnName() {
        assertThat(PluginSchemas.validate("lua-magic", Map.of()))
            .containsExactly(new ConfigViolation("name", "unknown plugin: lua-magic"));
        assertThatThrownBy(() -> PluginSchemas.parse("lua-magic", Map.of())).isInstanceOf(ConfigException.class);
    }

    @Test
    void reportsUnknownFieldsAndWrongTypesAsFieldErrors() {
        List<ConfigViolation> violations = PluginSchemas.validate("key-auth",
                Map.of("key_name", "apikey", "hide_credentials", "yes", "key_names", List.of("ok", 3)));
        assertThat(violations).containsExactlyInAnyOrder(
                new ConfigViolation("config.key_name", ConfigMessages.UNKNOWN_FIELD),
                new ConfigViolation("config.hide_credentials", "expected a boolean"),
                new ConfigViolation("config.key_names[1]", "expected a string"));
    }

    @Test
    void reportsNestedFieldsWithTheirPath() {
        assertThat(PluginSchemas.validate("rate-limiting",
                Map.of("minute", 10, "redis", Map.of("port", 70000, "hots", "x"))))
            .containsExactlyInAnyOrder(new ConfigViolation("config.redis.port", "must be between 0 and 65535"),
                    new ConfigViolation("config.redis.hots", ConfigMessages.UNKNOWN_FIELD));
    }

    @Test
    void reportsValuesOutsideTheAllowedSet() {
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 10, "policy", "cluster")))
            .containsExactly(new ConfigViolation("config.policy", "expected one of: local, redis"));
        assertThat(PluginSchemas.validate("cors", Map.of("methods", List.of("GET", "FETCH"))))
            .containsExactly(new ConfigViolation("config.methods[1]",
                    "expected one of: GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT"));
    }

    @Test
    void reportsDecimalsWhereIntegersAreExpected() {
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 1.5)))
            .containsExactly(new ConfigViolation("config.minute", "expected an integer"));
    }

    @Test
    void rateLimitingRules() {
        assertThat(PluginSchemas.validate("rate-limiting", Map.of()))
            .containsExactly(new ConfigViolation("config", RateLimitConfig.NO_LIMIT));
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("second", 20, "minute", 10)))
            .containsExactly(new ConfigViolation("config.minute", "must not be lower than the limit per second (20)"));
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 10, "limit_by", "header")))
            .containsExactly(new ConfigViolation("config.header_name", ConfigMessages.REQUIRED));
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 10, "limit_by", "path")))
            .containsExactly(new ConfigViolation("config.path", ConfigMessages.REQUIRED));
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 10, "policy", "redis")))
            .containsExactly(new ConfigViolation("config.redis.host", ConfigMessages.REQUIRED));
        assertThat(PluginSchemas.validate("rate-limiting", Map.of("minute", 0)))
            .containsExactly(new ConfigViolation("config.minute", "must be at least 1"));
    }

    @Test
    void aclNeedsExactlyOneOfAllowOrDeny() {
        assertThat(PluginSchemas.validate("acl", Map.of()))
            .containsExactly(new ConfigViolation("config.allow", "exactly one of allow or deny must list groups"));
        assertThat(PluginSchemas.validate("acl", Map.of("allow", List.of("a"), "deny", List.of("b"))))
            .hasSize(1);
        assertThat(PluginSchemas.validate("acl", Map.of("deny", List.of("b")))).isEmpty();
    }

    @Test
    void ipRestrictionChecksCidrsOfBothFamilies() {
        assertThat(PluginSchemas.validate("ip-restriction",
                Map.of("allow", List.of("10.0.0.0/8", "192.168.1.1", "2001:db8::/32", "::1", "::ffff:10.0.0.1"))))
            .isEmpty();
        assertThat(PluginSchemas.validate("ip-restriction",
                Map.of("deny", List.of("10.0.0.0/33", "300.1.1.1", "2001:db8:::1", "fe80::/129", "example.com"))))
            .extracting(ConfigViolation::path)
            .containsExactly("config.deny[0]", "config.deny[1]", "config.deny[2]", "config.deny[3]", "config.deny[4]");
        assertThat(PluginSchemas.validate("ip-restriction", Map.of()))
            .containsExactly(new ConfigViolation("config.allow", "at least one of allow or deny must list addresses"));
    }

    @Test
    void httpLogNeedsAnEndpointAndRefusesLua() {
        assertThat(PluginSchemas.validate("http-log", Map.of()))
            .containsExactly(new ConfigViolation("config.http_endpoint", ConfigMessages.REQUIRED));
        assertThat(PluginSchemas.validate("http-log", Map.of("http_endpoint", "ftp://x")))
            .containsExactly(new ConfigViolation("config.http_endpoint", "must be an absolute http or https URL"));
        assertThat(PluginSchemas.validate("http-log",
                Map.of("http_endpoint", "https://logs.example.com", "custom_fields_by_lua", Map.of("a", "return 1"))))
            .containsExactly(new ConfigViolation("config.custom_fields_by_lua",
                    "not supported by this gateway: this gateway does not run Lua"));
        assertThat(PluginSchemas.validate("http-log",
                Map.of("http_endpoint", "https://logs.example.com", "headers", Map.of("x-token", 5))))
            .containsExactly(new ConfigViolation("config.headers.x-token", "expected a string"));
    }

    @Test
    void transformerEntriesMustBeNameValue() {
        assertThat(PluginSchemas.validate("request-transformer",
                Map.of("add", Map.of("headers", List.of("x-ok:1", "missing-colon")))))
            .containsExactly(new ConfigViolation("config.add.headers[1]", "must be written name:value"));
        assertThat(PluginSchemas.validate("response-transformer",
                Map.of("add", Map.of("json_types", List.of("string", "object")))))
            .containsExactly(new ConfigViolation("config.add.json_types[1]", "expected one of: string, boolean, number"));
    }

    @Test
    void jwtMaximumExpirationNeedsExp() {
        assertThat(PluginSchemas.validate("jwt", Map.of("maximum_expiration", 60)))
            .containsExactly(new ConfigViolation("config.claims_to_verify",
                    "must contain exp when maximum_expiration is set"));
        assertThat(PluginSchemas.validate("jwt", Map.of("maximum_expiration", 60, "claims_to_verify", List.of("exp"))))
            .isEmpty();
        assertThat(PluginSchemas.validate("jwt", Map.of("claims_to_headers", List.of("sub:X-User", "bad"))))
            .containsExactly(new ConfigViolation("config.claims_to_headers[1]", "must be written claim:Header-Name"));
    }

    @Test
    void corsOriginsMustCompileAsRegex() {
        assertThat(PluginSchemas.validate("cors", Map.of("origins", List.of("https://a.example.com", "(unclosed"))))
            .extracting(ConfigViolation::path)
            .containsExactly("config.origins[1]");
    }

    @Test
    void parseFailsWithEveryViolation() {
        assertThatThrownBy(() -> RateLimitConfig.SCHEMA.parse(Map.of("minute", "ten", "policy", "x")))
            .isInstanceOfSatisfying(ConfigException.class, ex -> assertThat(ex.violations())
                .extracting(ConfigViolation::path)
                .containsExactlyInAnyOrder("config.minute", "config.policy"));
    }

    @Test
    void defaultsAreFilledAndStrippedSymmetrically() {
        Map<String, Object> given = Map.of("minute", 10, "redis", Map.of("host", "r"));
        Map<String, Object> full = RateLimitConfig.SCHEMA.withDefaults(given);
        assertThat(full).containsEntry("policy", "local").containsEntry("error_code", 429);
        @SuppressWarnings("unchecked")
        Map<String, Object> redis = (Map<String, Object>) full.get("redis");
        assertThat(redis).containsEntry("port", 6379).containsEntry("host", "r");
        assertThat(RateLimitConfig.SCHEMA.withoutDefaults(full)).isEqualTo(given);
    }

    @Test
    void authenticationPluginsCannotBeScopedToConsumers() {
        assertThat(PluginSchemas.find("key-auth").orElseThrow().consumerScopable()).isFalse();
        assertThat(PluginSchemas.find("rate-limiting").orElseThrow().consumerScopable()).isTrue();
    }

    @Test
    void schemaDescribesItselfAsJsonForTheConsoleAndApi() {
        tools.jackson.databind.JsonNode json = io.gatehouse.gateway.config.ConfigJson.json()
            .valueToTree(PluginSchemas.find("rate-limiting").orElseThrow());
        assertThat(json.get("name").stringValue()).isEqualTo("rate-limiting");
        assertThat(json.get("priority").intValue()).isEqualTo(910);
        assertThat(json.has("configType")).isFalse();
        tools.jackson.databind.JsonNode policy = json.get("fields").get(9);
        assertThat(policy.get("name").stringValue()).isEqualTo("policy");
        assertThat(policy.get("type").stringValue()).isEqualTo("string");
        assertThat(policy.get("default").stringValue()).isEqualTo("local");
        assertThat(policy.get("one_of").toString()).isEqualTo("[\"local\",\"redis\"]");
        assertThat(policy.get("description").stringValue()).isNotBlank();
        tools.jackson.databind.JsonNode second = json.get("fields").get(0);
        assertThat(second.get("min").intValue()).isEqualTo(1);
        assertThat(second.has("default")).isTrue();
        assertThat(second.get("default").isNull()).isTrue();
    }

}
