package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ServiceDefinition;
import org.junit.jupiter.api.Test;

class RetryPolicyValidationTests {

    private static List<ConfigViolation> validate(String retryJson) {
        return ConfigValidator.validateService(ConfigJson.json()
            .readValue("{\"host\":\"h\",\"retry\":" + retryJson + "}", ServiceDefinition.class));
    }

    private static ConfigViolation violation(String path, String message) {
        return new ConfigViolation(path, message);
    }

    @Test
    void acceptsAFullPolicy() {
        assertThat(validate("""
				{"num_retries": 3, "per_try_timeout": "2s",
				 "back_off": {"base_interval": "10ms", "max_interval": "1s"},
				 "rate_limited_back_off": {"reset_headers": [{"name": "retry-after", "format": "Seconds"},
				                                              {"name": "x-ratelimit-reset", "format": "UnixTimestamp"}],
				                           "max_interval": "2m"},
				 "retry_on": ["5XX", "5xx", "GatewayError", "Reset", "Retriable4xx", "ConnectFailure", "RefusedStream",
				              "HttpMethodGet", "HttpMethodGET", "429", "503"],
				 "retriable_request_headers": [{"type": "Present", "name": "x-idempotency-key"}],
				 "retriable_response_headers": [{"type": "RegularExpression", "name": "x-retry", "value": "^y(es)?$"},
				                                {"type": "Exact", "name": "x-a", "value": "1"},
				                                {"type": "Prefix", "name": "x-b", "value": "p"},
				                                {"type": "Absent", "name": "x-c"}],
				 "host_selection": [{"predicate": "OmitPreviousHosts"}]}
				""")).isEmpty();
    }

    @Test
    void perTryTimeoutZeroDisablesItAndNegativeIsRejected() {
        assertThat(validate("{\"per_try_timeout\": 0}")).isEmpty();
        assertThat(validate("{\"num_retries\": 40000}"))
            .containsExactly(violation("retry.num_retries", "must be between 0 and 32767"));
    }

    @Test
    void backOffBaseMustBePositiveAndMaxNotBelowBase() {
        assertThat(validate("{\"back_off\": {\"base_interval\": \"0\"}}"))
            .containsExactly(violation("retry.back_off.base_interval", ConfigMessages.POSITIVE_DURATION));
        assertThat(validate("{\"back_off\": {\"base_interval\": \"1s\", \"max_interval\": \"500ms\"}}"))
            .containsExactly(violation("retry.back_off.max_interval", ConfigMessages.MAX_BELOW_BASE));
    }

    @Test
    void rateLimitedBackOffNeedsHeaderNameFormatAndPositiveMax() {
        assertThat(validate("{\"rate_limited_back_off\": {\"reset_headers\": [{\"name\": \"bad header\"}, {\"format\": \"Seconds\"}],"
                + " \"max_interval\": \"0\"}}"))
            .containsExactlyInAnyOrder(
                    violation("retry.rate_limited_back_off.max_interval", ConfigMessages.POSITIVE_DURATION),
                    violation("retry.rate_limited_back_off.reset_headers[0].name", ConfigMessages.INVALID_HEADER_NAME),
                    violation("retry.rate_limited_back_off.reset_headers[0].format", ConfigMessages.REQUIRED),
                    violation("retry.rate_limited_back_off.reset_headers[1].name", ConfigMessages.REQUIRED));
    }

    @Test
    void retryOnAcceptsOnlyConditionsAndStatusCodes() {
        assertThat(validate("{\"retry_on\": [\"5XX\", \"EnvoyMagic\", \"600\", \"42\"]}"))
            .containsExactly(violation("retry.retry_on[1]", ConfigMessages.INVALID_RETRY_ON),
                    violation("retry.retry_on[2]", ConfigMessages.INVALID_RETRY_ON),
                    violation("retry.retry_on[3]", ConfigMessages.INVALID_RETRY_ON));
    }

    @Test
    void headerMatchersNeedValuesExactlyWhenTheirTypeUsesOne() {
        assertThat(validate("{\"retriable_request_headers\": [{\"name\": \"x-a\"}, {\"type\": \"Present\", \"name\": \"x-b\", \"value\": \"v\"},"
                + " {\"type\": \"RegularExpression\", \"name\": \"x-c\", \"value\": \"(\"}, {\"type\": \"Exact\", \"value\": \"v\"}]}"))
            .containsExactly(violation("retry.retriable_request_headers[0].value", "required for match type Exact"),
                    violation("retry.retriable_request_headers[1].value", "not allowed for match type Present"),
                    violation("retry.retriable_request_headers[2].value", "not a valid regular expression: Unclosed group"),
                    violation("retry.retriable_request_headers[3].name", ConfigMessages.REQUIRED));
    }

    @Test
    void hostSelectionNeedsAPredicate() {
        assertThat(validate("{\"host_selection\": [{}]}"))
            .containsExactly(violation("retry.host_selection[0].predicate", ConfigMessages.REQUIRED));
    }

}
