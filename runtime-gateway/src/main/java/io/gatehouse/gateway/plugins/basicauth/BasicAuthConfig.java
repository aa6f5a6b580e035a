package io.gatehouse.gateway.plugins.basicauth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/** basic-auth: identifies the consumer by username and password (checked against a salted hash). */
public record BasicAuthConfig(
        @JsonProperty("hide_credentials") boolean hideCredentials,
        String anonymous,
        String realm) {

    public static final String NAME = "basic-auth";
    public static final int PRIORITY = 1100;

    public static final PluginSchema<BasicAuthConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Authenticates consumers with HTTP Basic credentials.", BasicAuthConfig.class, List.of(
                    SchemaField.bool("hide_credentials", "Remove the Authorization header before proxying.", false),
                    SchemaField.string("anonymous", "Consumer (id or username) to use when authentication fails; empty to reject with 401.", null),
                    SchemaField.string("realm", "Realm sent in the WWW-Authenticate header of a 401.", "service")))
        .notForConsumers();

}
