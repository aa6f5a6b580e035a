package io.gatehouse.gateway.config.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.PluginDefinition;
import org.junit.jupiter.api.Test;

class PluginValidationTests {

    private static java.util.List<ConfigViolation> validate(String json) {
        return ConfigValidator.validatePlugin(ConfigJson.json().readValue(json, PluginDefinition.class));
    }

    @Test
    void acceptsAKnownPluginWithValidConfig() {
        assertThat(validate("{\"name\":\"rate-limiting\",\"service\":\"orders\",\"config\":{\"minute\":5}}")).isEmpty();
    }

    @Test
    void unknownPluginIsAFieldErrorOnName() {
        assertThat(validate("{\"name\":\"oauth9\"}"))
            .containsExactly(new ConfigViolation("name", "unknown plugin: oauth9"));
        assertThat(validate("{}")).containsExactly(new ConfigViolation("name", ConfigMessages.REQUIRED));
    }

    @Test
    void configErrorsNameTheirField() {
        assertThat(validate("{\"name\":\"rate-limiting\",\"config\":{\"minute\":\"5\",\"colour\":1}}"))
            .containsExactlyInAnyOrder(new ConfigViolation("config.minute", "expected an integer"),
                    new ConfigViolation("config.colour", ConfigMessages.UNKNOWN_FIELD));
    }

    @Test
    void authenticationPluginsRefuseConsumerScopes() {
        assertThat(validate("{\"name\":\"key-auth\",\"consumer\":\"ann\"}"))
            .containsExactly(new ConfigViolation("consumer", "plugin key-auth cannot be scoped to a consumer"));
        assertThat(validate("{\"name\":\"rate-limiting\",\"consumer\":\"ann\",\"config\":{\"hour\":1}}")).isEmpty();
    }

    @Test
    void protocolsAndInstanceName() {
        assertThat(validate("{\"name\":\"cors\",\"protocols\":[\"http\",\"ws\"],\"instance_name\":\"a b\"}"))
            .containsExactlyInAnyOrder(new ConfigViolation("protocols[1]", "expected one of: grpc, grpcs, http, https"),
                    new ConfigViolation("instance_name", ConfigMessages.INVALID_NAME));
    }

}
