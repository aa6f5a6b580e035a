package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.RouteDefinition;
import org.junit.jupiter.api.Test;

class RouteValidationTests {

    private static List<ConfigViolation> validate(String json) {
        return ConfigValidator.validateRoute(ConfigJson.json().readValue(json, RouteDefinition.class));
    }

    private static ConfigViolation violation(String path, String message) {
        return new ConfigViolation(path, message);
    }

    @Test
    void acceptsEachKindOfMatcher() {
        assertThat(validate("{\"name\":\"r\",\"paths\":[\"/orders\",\"~/users/(?<id>\\\\d+)$\"]}")).isEmpty();
        assertThat(validate("{\"hosts\":[\"api.example.com\",\"*.example.com\",\"example.*\",\"api.example.com:8443\",\"[::1]:8080\",\"[2001:db8::1]\"]}"))
            .isEmpty();
        assertThat(validate("{\"methods\":[\"GET\",\"POST\"]}")).isEmpty();
        assertThat(validate("{\"headers\":{\"x-version\":[\"v1\",\"~*^v2\"]}}")).isEmpty();
        assertThat(validate("{\"snis\":[\"api.example.com\",\"*.example.com\"]}")).isEmpty();
    }

    @Test
    void needsAtLeastOneMatcher() {
        assertThat(validate("{\"name\":\"r\"}")).containsExactly(violation("paths", ConfigMessages.ROUTE_NEEDS_MATCHER));
    }

    @Test
    void pathsArePrefixesOrRegexes() {
        assertThat(validate("{\"paths\":[\"orders\",\"~users\",\"~/(unclosed\"]}"))
            .containsExactly(violation("paths[0]", ConfigMessages.INVALID_PATH),
                    violation("paths[1]", ConfigMessages.INVALID_PATH),
                    violation("paths[2]", "not a valid regular expression: Unclosed group"));
    }

    @Test
    void hostsHaveOneWildcardAtAnEnd() {
        assertThat(validate("{\"hosts\":[\"*.*.example.com\",\"api.*.com\",\"*example.com\",\"bad host\",\"a.com:99999\"]}"))
            .extracting(ConfigViolation::path)
            .containsExactly("hosts[0]", "hosts[1]", "hosts[2]", "hosts[3]", "hosts[4]");
        assertThat(validate("{\"hosts\":[\"*.*.example.com\"]}"))
            .containsExactly(violation("hosts[0]", ConfigMessages.INVALID_HOST_PATTERN));
    }

    @Test
    void methodsAreUpperCaseTokens() {
        assertThat(validate("{\"methods\":[\"get\"]}")).containsExactly(violation("methods[0]", ConfigMessages.INVALID_METHOD));
    }

    @Test
    void headersNeedValidNamesValuesAndNotHost() {
        assertThat(validate("{\"headers\":{\"bad name\":[\"x\"],\"Host\":[\"a\"],\"x-empty\":[],\"x-re\":[\"~*(\"]}}"))
            .containsExactlyInAnyOrder(violation("headers.bad name", ConfigMessages.INVALID_HEADER_NAME),
                    violation("headers.Host", ConfigMessages.HOST_HEADER_NOT_ALLOWED),
                    violation("headers.x-empty", ConfigMessages.HEADER_VALUES_REQUIRED),
                    violation("headers.x-re[0]", "not a valid regular expression: Unclosed group"));
    }

    @Test
    void snisNeedHttpsAndValidNames() {
        assertThat(validate("{\"protocols\":[\"http\"],\"snis\":[\"api.example.com\"]}"))
            .containsExactly(violation("snis", ConfigMessages.SNIS_NEED_HTTPS));
        assertThat(validate("{\"snis\":[\"10.0.0.1\",\"api.*\"]}"))
            .containsExactly(violation("snis[0]", ConfigMessages.INVALID_SNI), violation("snis[1]", ConfigMessages.INVALID_SNI));
    }

    @Test
    void protocolsAreHttpOrHttps() {
        assertThat(validate("{\"paths\":[\"/\"],\"protocols\":[\"gopher\"]}"))
            .containsExactly(violation("protocols[0]", "unsupported protocol: expected one of http, https"));
        for (String kong : List.of("grpc", "grpcs", "ws", "wss", "tcp")) {
            assertThat(validate("{\"paths\":[\"/\"],\"protocols\":[\"" + kong + "\"]}"))
                .containsExactly(violation("protocols[0]", String.format(ConfigMessages.KONG_PROTOCOL_NOT_SUPPORTED, kong)));
        }
        assertThat(validate("{\"paths\":[\"/\"],\"protocols\":[]}"))
            .containsExactly(violation("protocols", ConfigMessages.REQUIRED));
    }

    @Test
    void redirectStatusPathHandlingPriorityAndName() {
        assertThat(validate("{\"paths\":[\"/\"],\"https_redirect_status_code\":303}"))
            .containsExactly(violation("https_redirect_status_code", ConfigMessages.INVALID_REDIRECT_STATUS));
        for (int code : new int[] { 426, 301, 302, 307, 308 }) {
            assertThat(validate("{\"paths\":[\"/\"],\"https_redirect_status_code\":" + code + "}")).isEmpty();
        }
        assertThat(validate("{\"paths\":[\"/\"],\"path_handling\":\"v2\"}"))
            .containsExactly(violation("path_handling", "expected one of: v0, v1"));
        assertThat(validate("{\"paths\":[\"/\"],\"priority\":-1}"))
            .containsExactly(violation("priority", "must be between 0 and 70368744177663"));
        assertThat(validate("{\"paths\":[\"/\"],\"name\":\"bad/name\"}"))
            .containsExactly(violation("name", ConfigMessages.INVALID_NAME));
    }

    @Test
    void routeRetryOverrideIsValidated() {
        assertThat(validate("{\"paths\":[\"/\"],\"retry\":{\"retry_on\":[\"nope\"]}}"))
            .containsExactly(violation("retry.retry_on[0]", ConfigMessages.INVALID_RETRY_ON));
    }

}
