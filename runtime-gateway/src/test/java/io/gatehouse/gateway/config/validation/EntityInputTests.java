package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import org.junit.jupiter.api.Test;

class EntityInputTests {

    @Test
    void readsAValidEntity() {
        EntityInput<RouteDefinition> input = EntityInput.read("{\"name\":\"r\",\"paths\":[\"/a\"],\"service\":{\"name\":\"s\"}}",
                RouteDefinition.class);
        assertThat(input.isValid()).isTrue();
        assertThat(input.entity().paths()).containsExactly("/a");
    }

    @Test
    void bindingErrorsAreFieldViolations() {
        assertThat(EntityInput.read("{\"name\":\"s\",\"host\":\"h\",\"colour\":1}", ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("colour", ConfigMessages.UNKNOWN_FIELD));
        assertThat(EntityInput.read("{\"host\":\"h\",\"port\":\"80\"}", ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("port", "expected an integer"));
        assertThat(EntityInput.read("{\"host\":\"h\",\"enabled\":\"yes\"}", ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("enabled", "expected a boolean"));
        assertThat(EntityInput.read("{\"paths\":\"/a\"}", RouteDefinition.class).violations())
            .containsExactly(new ConfigViolation("paths", "expected an array"));
        assertThat(EntityInput.read("{\"host\":\"h\",\"retry\":{\"retry_on\":[\"5XX\"],\"num_retries\":1.5}}",
                ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("retry.num_retries", "expected an integer"));
    }

    @Test
    void badReferencesAreFieldViolations() {
        assertThat(EntityInput.read("{\"paths\":[\"/\"],\"service\":{\"uuid\":\"x\"}}", RouteDefinition.class).violations())
            .containsExactly(new ConfigViolation("service", "invalid value: unknown reference field 'uuid' (use id or name)"));
        assertThat(EntityInput.read("{\"paths\":[\"/\"],\"service\":5}", RouteDefinition.class).violations())
            .extracting(ConfigViolation::path)
            .containsExactly("service");
    }

    @Test
    void rulesRunAfterBinding() {
        assertThat(EntityInput.read("{\"name\":\"rate-limiting\",\"config\":{\"minute\":-1}}", PluginDefinition.class)
            .violations()).containsExactly(new ConfigViolation("config.minute", "must be at least 1"));
    }

    @Test
    void unreadableOrNonObjectBodies() {
        assertThat(EntityInput.read("{not json", ServiceDefinition.class).violations()).singleElement()
            .satisfies(v -> assertThat(v.message()).startsWith("cannot read config:"));
        assertThat(EntityInput.read("[]", ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("", ConfigMessages.EXPECTED_OBJECT));
    }

    @Test
    void numbersTooLargeForTheirFieldAreFieldErrors() {
        assertThat(EntityInput.read("{\"host\":\"h\",\"port\":99999999999999999999}", ServiceDefinition.class).violations())
            .containsExactly(new ConfigViolation("port", "expected an integer"));
        assertThat(EntityInput.read("{\"host\":\"h\",\"retry\":{\"per_try_timeout\":\"9999999999h\"}}",
                ServiceDefinition.class).violations())
            .extracting(ConfigViolation::path)
            .containsExactly("retry.per_try_timeout");
        assertThat(EntityInput.read("{\"name\":\"rate-limiting\",\"config\":{\"minute\":99999999999999999999}}",
                PluginDefinition.class).violations())
            .containsExactly(new ConfigViolation("config.minute", "expected an integer"));
        assertThat(EntityInput.read("{\"name\":\"request-size-limiting\",\"config\":{\"allowed_payload_size\":2199023255552}}",
                PluginDefinition.class).violations())
            .containsExactly(new ConfigViolation("config.allowed_payload_size", "must be between 0 and 1099511627776"));
    }

    @Test
    void everyDefinitionTypeHasItsRules() {
        assertThat(ConfigValidator.validateEntity(new io.gatehouse.gateway.config.SniDefinition(null, "*", null, null)))
            .containsExactly(new ConfigViolation("name", ConfigMessages.INVALID_SNI));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigValidator.validateEntity("a string"))
            .isInstanceOf(IllegalArgumentException.class);
    }

}
