package io.gatehouse.gateway.plugins.cors;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * cors: answers preflight requests and adds CORS headers. An origin is {@code *}, an exact origin,
 * or a regular expression (any entry with characters other than those of an origin).
 */
public record CorsConfig(
        List<String> origins,
        List<String> methods,
        List<String> headers,
        @JsonProperty("exposed_headers") List<String> exposedHeaders,
        boolean credentials,
        @JsonProperty("max_age") Long maxAge,
        @JsonProperty("preflight_continue") boolean preflightContinue,
        @JsonProperty("private_network") boolean privateNetwork) {

    public static final String NAME = "cors";
    public static final int PRIORITY = 2000;

    public static final PluginSchema<CorsConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Lets browsers call the API from other origins (CORS).", CorsConfig.class, List.of(
                    SchemaField.strings("origins", "Allowed origins: *, exact origins, or regular expressions. Empty allows any origin.", List.of(), Checks.REGEX),
                    SchemaField.stringsOf("methods", "Methods allowed in Access-Control-Allow-Methods.",
                            List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"),
                            "GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"),
                    SchemaField.strings("headers", "Allowed request headers; empty echoes Access-Control-Request-Headers.", List.of(), Checks.HEADER_NAME),
                    SchemaField.strings("exposed_headers", "Response headers exposed to the browser.", List.of(), Checks.HEADER_NAME),
                    SchemaField.bool("credentials", "Send Access-Control-Allow-Credentials: true.", false),
                    SchemaField.integer("max_age", "Seconds a preflight answer may be cached; empty to leave it to the browser.", null).between(0, null),
                    SchemaField.bool("preflight_continue", "Proxy preflight requests upstream instead of answering them.", false),
                    SchemaField.bool("private_network", "Answer Access-Control-Request-Private-Network with allow.", false)));

}
