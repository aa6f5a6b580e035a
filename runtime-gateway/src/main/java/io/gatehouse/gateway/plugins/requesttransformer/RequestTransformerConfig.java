package io.gatehouse.gateway.plugins.requesttransformer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * request-transformer: changes the request before it is proxied, in Kong's order remove, rename,
 * replace, add, append. Entries are names (remove), {@code old:new} (rename) or {@code name:value}.
 * {@code body} means fields of a JSON, URL-encoded or multipart form body.
 */
public record RequestTransformerConfig(
        @JsonProperty("http_method") String httpMethod,
        Names remove,
        Pairs rename,
        Replace replace,
        Pairs add,
        Pairs append) {

    public static final String NAME = "request-transformer";
    public static final int PRIORITY = 801;

    public static final PluginSchema<RequestTransformerConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Adds, removes, renames or replaces request headers, query parameters and body fields.",
            RequestTransformerConfig.class, List.of(
                    SchemaField.string("http_method", "Method to send upstream instead of the client's; empty keeps it.", null)
                        .oneOf("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT"),
                    SchemaField.record("remove", "Names to remove.",
                            SchemaField.strings("headers", "Header names.", List.of(), Checks.HEADER_NAME),
                            SchemaField.strings("querystring", "Query parameter names.", List.of(), null),
                            SchemaField.strings("body", "Body field names.", List.of(), null)),
                    pairs("rename", "Renames, written old:new."),
                    SchemaField.record("replace", "Values replaced where present, written name:value.",
                            SchemaField.strings("headers", "Headers.", List.of(), Checks.NAME_VALUE),
                            SchemaField.strings("querystring", "Query parameters.", List.of(), Checks.NAME_VALUE),
                            SchemaField.strings("body", "Body fields.", List.of(), Checks.NAME_VALUE),
                            SchemaField.string("uri", "New upstream path; may use $(uri_captures.name) from regex routes.", null)),
                    pairs("add", "Values added where absent, written name:value."),
                    pairs("append", "Values appended (kept alongside existing ones), written name:value.")));

    private static SchemaField pairs(String name, String description) {
        return SchemaField.record(name, description,
                SchemaField.strings("headers", "Headers.", List.of(), Checks.NAME_VALUE),
                SchemaField.strings("querystring", "Query parameters.", List.of(), Checks.NAME_VALUE),
                SchemaField.strings("body", "Body fields.", List.of(), Checks.NAME_VALUE));
    }

    /** Names to remove. */
    public record Names(List<String> headers, List<String> querystring, List<String> body) {
    }

    /** name:value (or old:new) entries per place. */
    public record Pairs(List<String> headers, List<String> querystring, List<String> body) {
    }

    /** Replacements, plus a new upstream path. */
    public record Replace(List<String> headers, List<String> querystring, List<String> body, String uri) {
    }

}
