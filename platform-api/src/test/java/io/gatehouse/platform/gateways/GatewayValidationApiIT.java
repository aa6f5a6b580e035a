package io.gatehouse.platform.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import io.gatehouse.gateway.config.ConfigMessages;
import tools.jackson.databind.JsonNode;

/**
 * Every rule of the gateway's config language ({@link ConfigMessages}) that applies to one entity reaches an
 * Admin API caller as a 400 naming the field, in the gateway's words. One row per rule.
 */
class GatewayValidationApiIT extends GatewayApiSupport {

    /** A request that breaks one rule, the field it must name and the gateway's message for the rule. */
    record Rule(String message, String path, String body, String field) {
    }

    @Test
    void everyRuleOfTheGatewaySchemaIsAFieldError() {
        Tenant t = tenant();
        String cert = quoted(resource("test-cert.pem"));
        String key = quoted(resource("test-key.pem"));
        send(HttpMethod.POST, t.base() + "/services", t.editor(), "{\"name\":\"s\",\"url\":\"http://s\"}");
        send(HttpMethod.POST, t.base() + "/consumers", t.editor(), "{\"username\":\"c\"}");
        send(HttpMethod.POST, t.base() + "/upstreams", t.editor(), "{\"name\":\"u.internal\"}");
        String certId = send(HttpMethod.POST, t.base() + "/certificates", t.editor(),
                "{\"cert\":" + cert + ",\"key\":" + key + "}").body().get("id").asString();
        String hash = "0".repeat(64);

        List<Rule> rules = List.of(
                // services
                new Rule(ConfigMessages.UNKNOWN_FIELD, "/services", "{\"name\":\"a\",\"url\":\"http://a\",\"colour\":\"x\"}", "colour"),
                new Rule(ConfigMessages.WRONG_TYPE, "/services", "{\"name\":\"a\",\"url\":\"http://a\",\"port\":\"x\"}", "port"),
                new Rule(ConfigMessages.INVALID_UUID, "/services", "{\"id\":\"nope\",\"name\":\"a\",\"url\":\"http://a\"}", "id"),
                new Rule(ConfigMessages.INVALID_NAME, "/services", "{\"name\":\"a b\",\"url\":\"http://a\"}", "name"),
                new Rule(ConfigMessages.INVALID_URL, "/services", "{\"name\":\"a\",\"url\":\"not a url\"}", "url"),
                new Rule(ConfigMessages.URL_CONFLICT, "/services", "{\"name\":\"a\",\"url\":\"http://a:80\",\"port\":81}", "port"),
                new Rule(ConfigMessages.HOST_REQUIRED, "/services", "{\"name\":\"a\"}", "host"),
                new Rule(ConfigMessages.INVALID_HOST, "/services", "{\"name\":\"a\",\"host\":\"bad host!\"}", "host"),
                new Rule(ConfigMessages.INVALID_SERVICE_PATH, "/services", "{\"name\":\"a\",\"host\":\"a\",\"path\":\"x\"}", "path"),
                new Rule(ConfigMessages.UNSUPPORTED_PROTOCOL, "/services", "{\"name\":\"a\",\"host\":\"a\",\"protocol\":\"ftp\"}", "protocol"),
                new Rule(ConfigMessages.INVALID_PORT, "/services", "{\"name\":\"a\",\"host\":\"a\",\"port\":70000}", "port"),
                new Rule(ConfigMessages.INVALID_TIMEOUT, "/services", "{\"name\":\"a\",\"host\":\"a\",\"connect_timeout\":0}", "connect_timeout"),
                new Rule(ConfigMessages.NULL_ELEMENT, "/services", "{\"name\":\"a\",\"host\":\"a\",\"tags\":[null]}", "tags[0]"),
                new Rule(ConfigMessages.INVALID_RETRY_ON, "/services", "{\"name\":\"a\",\"host\":\"a\",\"retry\":{\"retry_on\":[\"Bogus\"]}}", "retry.retry_on[0]"),
                new Rule(ConfigMessages.MAX_BELOW_BASE, "/services", "{\"name\":\"a\",\"host\":\"a\",\"retry\":{\"back_off\":{\"base_interval\":\"1s\",\"max_interval\":\"10ms\"}}}", "retry.back_off.max_interval"),
                new Rule(ConfigMessages.POSITIVE_DURATION, "/services", "{\"name\":\"a\",\"host\":\"a\",\"retry\":{\"back_off\":{\"base_interval\":\"0\"}}}", "retry.back_off.base_interval"),
                // routes
                new Rule(ConfigMessages.ROUTE_NEEDS_MATCHER, "/services/s/routes", "{\"name\":\"r\"}", "paths"),
                new Rule(ConfigMessages.INVALID_PATH, "/services/s/routes", "{\"paths\":[\"x\"]}", "paths[0]"),
                new Rule(ConfigMessages.INVALID_REGEX, "/services/s/routes", "{\"paths\":[\"~/((\"]}", "paths[0]"),
                new Rule(ConfigMessages.INVALID_METHOD, "/services/s/routes", "{\"paths\":[\"/a\"],\"methods\":[\"get\"]}", "methods[0]"),
                new Rule(ConfigMessages.INVALID_HOST_PATTERN, "/services/s/routes", "{\"hosts\":[\"a.*.com\"]}", "hosts[0]"),
                new Rule(ConfigMessages.INVALID_HEADER_NAME, "/services/s/routes", "{\"headers\":{\"bad header\":[\"x\"]}}", "headers.bad header"),
                new Rule(ConfigMessages.HOST_HEADER_NOT_ALLOWED, "/services/s/routes", "{\"headers\":{\"Host\":[\"x\"]}}", "headers.Host"),
                new Rule(ConfigMessages.HEADER_VALUES_REQUIRED, "/services/s/routes", "{\"headers\":{\"x-a\":[]}}", "headers.x-a"),
                new Rule(ConfigMessages.SNIS_NEED_HTTPS, "/services/s/routes", "{\"snis\":[\"a.example.com\"],\"protocols\":[\"http\"]}", "snis"),
                new Rule(ConfigMessages.INVALID_SNI, "/services/s/routes", "{\"snis\":[\"1.2.3.4\"],\"protocols\":[\"https\"]}", "snis[0]"),
                new Rule(ConfigMessages.INVALID_REDIRECT_STATUS, "/services/s/routes", "{\"paths\":[\"/a\"],\"https_redirect_status_code\":200}", "https_redirect_status_code"),
                new Rule(ConfigMessages.UNSUPPORTED_PROTOCOL, "/services/s/routes", "{\"paths\":[\"/a\"],\"protocols\":[\"ftp\"]}", "protocols[0]"),
                new Rule(ConfigMessages.NOT_ONE_OF, "/services/s/routes", "{\"paths\":[\"/a\"],\"path_handling\":\"v9\"}", "path_handling"),
                new Rule(ConfigMessages.REQUIRED, "/services/s/routes", "{\"paths\":[\"/a\"],\"protocols\":[]}", "protocols"),
                new Rule("no service 'missing' in this control plane", "/routes", "{\"paths\":[\"/a\"],\"service\":\"missing\"}", "service"),
                // upstreams and targets
                new Rule(ConfigMessages.REQUIRED, "/upstreams", "{}", "name"),
                new Rule(ConfigMessages.INVALID_HOST, "/upstreams", "{\"name\":\"bad name!\"}", "name"),
                new Rule(ConfigMessages.NOT_ONE_OF, "/upstreams", "{\"name\":\"u2\",\"algorithm\":\"random\"}", "algorithm"),
                new Rule(ConfigMessages.HASH_HEADER_REQUIRED, "/upstreams", "{\"name\":\"u2\",\"hash_on\":\"header\"}", "hash_on_header"),
                new Rule(ConfigMessages.HASH_COOKIE_REQUIRED, "/upstreams", "{\"name\":\"u2\",\"hash_on\":\"cookie\"}", "hash_on_cookie"),
                new Rule(ConfigMessages.HASH_FALLBACK_INVALID, "/upstreams", "{\"name\":\"u2\",\"hash_on\":\"none\",\"hash_fallback\":\"ip\"}", "hash_fallback"),
                new Rule(ConfigMessages.OUT_OF_RANGE, "/upstreams", "{\"name\":\"u2\",\"slots\":1}", "slots"),
                new Rule(ConfigMessages.INVALID_TARGET, "/upstreams/u.internal/targets", "{\"target\":\"a:b:c\"}", "target"),
                new Rule(ConfigMessages.REQUIRED, "/upstreams/u.internal/targets", "{}", "target"),
                // consumers and credentials
                new Rule(ConfigMessages.CONSUMER_NEEDS_IDENTITY, "/consumers", "{}", "username"),
                new Rule(ConfigMessages.BLANK, "/consumers", "{\"username\":\" \"}", "username"),
                new Rule(ConfigMessages.BLANK, "/consumers/c/key-auth", "{\"key\":\" \"}", "key"),
                new Rule(ConfigMessages.INVALID_KEY_HASH, "/consumers/c/key-auth", "{\"key_hash\":\"abc\"}", "key_hash"),
                new Rule(ConfigMessages.SECRET_NEEDS_ONE, "/consumers/c/key-auth", "{\"key\":\"k-123456\",\"key_hash\":\"" + hash + "\"}", "key"),
                new Rule(ConfigMessages.SECRET_NEEDS_ONE, "/consumers/c/basic-auth", "{\"username\":\"b\"}", "password"),
                new Rule(ConfigMessages.INVALID_PASSWORD_HASH, "/consumers/c/basic-auth", "{\"username\":\"b\",\"password_hash\":\"plain\"}", "password_hash"),
                new Rule(ConfigMessages.NOT_ONE_OF, "/consumers/c/jwt", "{\"key\":\"k\",\"algorithm\":\"HS999\",\"secret\":\"s\"}", "algorithm"),
                new Rule(ConfigMessages.JWT_SECRET_REQUIRED, "/consumers/c/jwt", "{\"key\":\"k\",\"algorithm\":\"RS256\"}", "rsa_public_key"),
                new Rule(ConfigMessages.JWT_PUBLIC_KEY_INVALID, "/consumers/c/jwt", "{\"key\":\"k\",\"algorithm\":\"RS256\",\"rsa_public_key\":\"nope\"}", "rsa_public_key"),
                // plugins
                new Rule(ConfigMessages.REQUIRED, "/plugins", "{\"config\":{}}", "name"),
                new Rule(ConfigMessages.UNKNOWN_PLUGIN, "/plugins", "{\"name\":\"no-such-plugin\"}", "name"),
                new Rule(ConfigMessages.WRONG_TYPE, "/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":\"ten\"}}", "config.minute"),
                new Rule(ConfigMessages.UNKNOWN_FIELD, "/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":1,\"bogus\":1}}", "config.bogus"),
                new Rule(ConfigMessages.PLUGIN_NOT_FOR_CONSUMER, "/consumers/c/plugins", "{\"name\":\"key-auth\"}", "consumer"),
                new Rule(ConfigMessages.NOT_ONE_OF, "/plugins", "{\"name\":\"cors\",\"protocols\":[\"ftp\"]}", "protocols[0]"),
                // certificates, SNIs, CA certificates
                new Rule(ConfigMessages.REQUIRED, "/certificates", "{\"key\":" + key + "}", "cert"),
                new Rule(ConfigMessages.INVALID_CERT_PEM, "/certificates", "{\"cert\":\"nope\",\"key\":" + key + "}", "cert"),
                new Rule(ConfigMessages.REQUIRED, "/certificates", "{\"cert\":" + cert + "}", "key"),
                new Rule(ConfigMessages.INVALID_KEY_PEM, "/certificates", "{\"cert\":" + cert + ",\"key\":\"nope\"}", "key"),
                new Rule(ConfigMessages.KEY_DOES_NOT_MATCH_CERT, "/certificates", "{\"cert\":" + cert + ",\"key\":" + quoted(resource("other-key.pem")) + "}", "key"),
                new Rule(ConfigMessages.INVALID_SNI, "/certificates/" + certId + "/snis", "{\"name\":\"1.2.3.4\"}", "name"),
                new Rule(ConfigMessages.NOT_A_CA, "/ca-certificates", "{\"cert\":" + quoted(resource("leaf-cert.pem")) + "}", "cert"),
                new Rule(ConfigMessages.CA_DIGEST_MISMATCH, "/ca-certificates", "{\"cert\":" + cert + ",\"cert_digest\":\"" + hash + "\"}", "cert_digest"));

        List<String> failures = new ArrayList<>();
        for (Rule rule : rules) {
            Response response = send(HttpMethod.POST, t.base() + rule.path(), t.editor(), rule.body());
            String expected = prefix(rule.message());
            boolean named = response.status() == 400 && response.body() != null && response.body().has("errors")
                    && hasError(response.body().get("errors"), rule.field(), expected);
            if (!named) {
                failures.add(rule.path() + " " + rule.body() + " -> " + response.status() + " " + response.text()
                        + " (wanted " + rule.field() + ": " + expected + ")");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(send(HttpMethod.GET, "/api/v1/control-planes/" + t.controlPlane(), t.viewer(), null)
                .body().get("revision").asLong()).as("no failed write bumped the revision").isEqualTo(4);
    }

    private static boolean hasError(JsonNode errors, String field, String messagePrefix) {
        for (JsonNode error : errors) {
            if (field.equals(error.get("field").asString()) && error.get("message").asString().startsWith(messagePrefix)) {
                return true;
            }
        }
        return false;
    }

    /** The fixed start of a message template, before its first placeholder. */
    private static String prefix(String template) {
        int placeholder = template.indexOf('%');
        return placeholder < 0 ? template : template.substring(0, placeholder);
    }
}
