package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ServiceDefinition;
import org.junit.jupiter.api.Test;

class ServiceValidationTests {

    private static java.util.List<ConfigViolation> validate(String json) {
        return ConfigValidator.validateService(ConfigJson.json().readValue(json, ServiceDefinition.class));
    }

    private static ConfigViolation violation(String path, String message) {
        return new ConfigViolation(path, message);
    }

    @Test
    void acceptsUrlOrParts() {
        assertThat(validate("{\"name\":\"orders\",\"url\":\"http://orders.internal:8080/v1\"}")).isEmpty();
        assertThat(validate("{\"name\":\"orders\",\"host\":\"10.0.0.7\",\"port\":8080,\"path\":\"/v1\"}")).isEmpty();
        assertThat(validate("{\"host\":\"[::1]\",\"protocol\":\"https\",\"port\":443}")).isEmpty();
    }

    @Test
    void urlMustBeAbsoluteHttp() {
        assertThat(validate("{\"url\":\"orders.internal/v1\"}"))
            .contains(violation("url", ConfigMessages.INVALID_URL));
        assertThat(validate("{\"url\":\"ftp://files.internal\"}"))
            .contains(violation("url", ConfigMessages.INVALID_URL));
    }

    @Test
    void partsBesideUrlMustAgreeWithIt() {
        assertThat(validate("{\"url\":\"https://orders.internal/v1\",\"port\":80,\"host\":\"other\"}"))
            .containsExactlyInAnyOrder(violation("port", "conflicts with url (which gives 443)"),
                    violation("host", "conflicts with url (which gives orders.internal)"));
        assertThat(validate("{\"url\":\"https://orders.internal/v1\",\"port\":443,\"protocol\":\"https\"}")).isEmpty();
        assertThat(validate("{\"url\":\"https://orders.internal\",\"path\":\"/v2\"}"))
            .containsExactly(violation("path", "conflicts with url (which gives none)"));
    }

    @Test
    void hostIsRequiredAndMustBeAHost() {
        assertThat(validate("{\"name\":\"orders\"}")).containsExactly(violation("host", ConfigMessages.HOST_REQUIRED));
        assertThat(validate("{\"host\":\"bad host\"}")).containsExactly(violation("host", ConfigMessages.INVALID_HOST));
        assertThat(validate("{\"host\":\"-bad.example.com\"}"))
            .containsExactly(violation("host", ConfigMessages.INVALID_HOST));
    }

    @Test
    void portsAndProtocols() {
        assertThat(validate("{\"host\":\"h\",\"port\":65536}")).containsExactly(violation("port", ConfigMessages.INVALID_PORT));
        assertThat(validate("{\"host\":\"h\",\"port\":-1}")).containsExactly(violation("port", ConfigMessages.INVALID_PORT));
        assertThat(validate("{\"host\":\"h\",\"port\":0}")).isEmpty();
        assertThat(validate("{\"host\":\"h\",\"protocol\":\"grpc\"}"))
            .containsExactly(violation("protocol", "unsupported protocol: expected one of http, https"));
    }

    @Test
    void timeoutsBetweenOneMillisecondAndIntMax() {
        assertThat(validate("{\"host\":\"h\",\"connect_timeout\":0,\"read_timeout\":2147483647,\"write_timeout\":-5}"))
            .containsExactlyInAnyOrder(violation("connect_timeout", ConfigMessages.INVALID_TIMEOUT),
                    violation("write_timeout", ConfigMessages.INVALID_TIMEOUT));
    }

    @Test
    void pathNameIdRetriesAndTags() {
        assertThat(validate("{\"host\":\"h\",\"path\":\"v1\"}")).containsExactly(violation("path", ConfigMessages.INVALID_SERVICE_PATH));
        assertThat(validate("{\"host\":\"h\",\"name\":\"my service\"}")).containsExactly(violation("name", ConfigMessages.INVALID_NAME));
        assertThat(validate("{\"host\":\"h\",\"name\":\"commandes-été_v2~x.y\"}")).isEmpty();
        assertThat(validate("{\"host\":\"h\",\"id\":\"not-a-uuid\"}")).containsExactly(violation("id", ConfigMessages.INVALID_UUID));
        assertThat(validate("{\"host\":\"h\",\"retries\":40000}")).containsExactly(violation("retries", "must be between 0 and 32767"));
        assertThat(validate("{\"host\":\"h\",\"tags\":[\"ok\",\"a,b\"]}")).extracting(ConfigViolation::path).containsExactly("tags[1]");
    }

    @Test
    void retryPolicyViolationsAreNestedUnderRetry() {
        assertThat(validate("{\"host\":\"h\",\"retry\":{\"num_retries\":-1}}"))
            .containsExactly(violation("retry.num_retries", "must be between 0 and 32767"));
    }

}
