package io.gatehouse.gateway.plugins.keyauth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * key-auth: identifies the consumer by an API key sent in a header, query parameter or body field.
 * Keys are compared by their SHA-256 hash. Build it with {@link #SCHEMA}{@code .parse(map)}.
 */
public record KeyAuthConfig(
        @JsonProperty("key_names") List<String> keyNames,
        @JsonProperty("hide_credentials") boolean hideCredentials,
        String anonymous,
        @JsonProperty("key_in_header") boolean keyInHeader,
        @JsonProperty("key_in_query") boolean keyInQuery,
        @JsonProperty("key_in_body") boolean keyInBody,
        @JsonProperty("run_on_preflight") boolean runOnPreflight) {

    public static final String NAME = "key-auth";
    public static final int PRIORITY = 1250;

    public static final PluginSchema<KeyAuthConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Authenticates consumers by an API key.", KeyAuthConfig.class, List.of(
                    SchemaField.strings("key_names", "Header, query parameter and body field names the key is read from, tried in order.",
                            List.of("apikey"), Checks.HEADER_NAME),
                    SchemaField.bool("hide_credentials", "Remove the key from the request before proxying it.", false),
                    SchemaField.string("anonymous", "Consumer (id or username) to use when authentication fails; empty to reject with 401.", null),
                    SchemaField.bool("key_in_header", "Look for the key in request headers.", true),
                    SchemaField.bool("key_in_query", "Look for the key in the query string.", true),
                    SchemaField.bool("key_in_body", "Look for the key in a form or JSON body (buffers the body).", false),
                    SchemaField.bool("run_on_preflight", "Also authenticate CORS preflight (OPTIONS) requests.", true)))
        .notForConsumers();

}
