package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import tools.jackson.databind.node.ObjectNode;

class PluginFormTests {

    private final PluginSchema<?> rateLimiting = PluginSchemas.find("rate-limiting").orElseThrow();
    private final PluginSchema<?> keyAuth = PluginSchemas.find("key-auth").orElseThrow();

    @Test
    void everySchemaFieldBecomesAFieldWithItsDescriptionAndDefault() {
        PluginForm form = PluginForm.of(keyAuth, ConfigJson.json());

        assertThat(form.fields()).extracting(PluginForm.Field::name)
                .containsExactlyElementsOf(keyAuth.fields().stream().map(f -> f.name()).toList());
        PluginForm.Field keyNames = form.fields().stream().filter(f -> f.name().equals("key_names")).findFirst()
                .orElseThrow();
        assertThat(keyNames.param()).isEqualTo("config.key_names");
        assertThat(keyNames.kind()).isEqualTo("text");
        assertThat(keyNames.description()).isNotBlank();
        assertThat(keyNames.defaultText()).isNotBlank();
        assertThat(form.fields().stream().filter(f -> f.name().equals("hide_credentials")).findFirst().orElseThrow()
                .kind()).isEqualTo("boolean");
    }

    @Test
    void typedValuesBecomeTheConfigAndEmptyFieldsAreLeftToTheDefaults() {
        PluginForm form = PluginForm.of(keyAuth, ConfigJson.json());
        FormState state = FormState.empty();

        ObjectNode config = form.config(Map.of("config.key_names", "apikey, x-api-key", "config.hide_credentials",
                "true", "config.anonymous", ""), state, keyAuth, ConfigJson.json());

        assertThat(state.hasErrors()).isFalse();
        assertThat(config.toString()).isEqualTo("{\"key_names\":[\"apikey\",\"x-api-key\"],\"hide_credentials\":true}");
    }

    @Test
    void aValueOfTheWrongTypeIsAMessageOnItsField() {
        PluginForm form = PluginForm.of(rateLimiting, ConfigJson.json());
        FormState state = FormState.empty();

        form.config(Map.of("config.minute", "lots"), state, rateLimiting, ConfigJson.json());

        assertThat(state.error("config.minute")).isEqualTo("must be an integer");
    }

    @Test
    void violationsOfNestedPathsGoToTheirFieldAndOthersToTheForm() {
        FormState state = FormState.empty();
        java.util.Set<String> fields = java.util.Set.of("labels", "name");

        state.reject("labels.Env", "bad key", fields).reject("retry.numRetries", "too many", fields);

        assertThat(state.error("labels")).isEqualTo("labels.Env bad key");
        assertThat(state.getGlobal()).containsExactly("retry.numRetries too many");
    }
}
