package io.gatehouse.gateway.plugins.responsetransformer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * response-transformer: changes the upstream response, in the order remove, rename, replace, add,
 * append. {@code json} entries are top-level fields of a JSON body; {@code json_types} gives the type
 * (string, boolean, number) of each json value in order.
 */
public record ResponseTransformerConfig(Names remove, Renames rename, Values replace, Values add, Values append) {

    public static final String NAME = "response-transformer";
    public static final int PRIORITY = 800;

    public static final PluginSchema<ResponseTransformerConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Adds, removes, renames or replaces response headers and JSON body fields.",
            ResponseTransformerConfig.class, List.of(
                    SchemaField.record("remove", "Names to remove.",
                            SchemaField.strings("headers", "Header names.", List.of(), Checks.HEADER_NAME),
                            SchemaField.strings("json", "JSON body fields.", List.of(), null)),
                    SchemaField.record("rename", "Renames, written old:new.",
                            SchemaField.strings("headers", "Headers.", List.of(), Checks.NAME_VALUE),
                            SchemaField.strings("json", "JSON body fields.", List.of(), Checks.NAME_VALUE)),
                    values("replace", "Values replaced where present, written name:value."),
                    values("add", "Values added where absent, written name:value."),
                    values("append", "Values appended, written name:value.")));

    private static SchemaField values(String name, String description) {
        return SchemaField.record(name, description,
                SchemaField.strings("headers", "Headers.", List.of(), Checks.NAME_VALUE),
                SchemaField.strings("json", "JSON body fields.", List.of(), Checks.NAME_VALUE),
                SchemaField.stringsOf("json_types", "Type of each json value, in order: string, boolean or number.",
                        List.of(), "string", "boolean", "number"));
    }

    /** Names to remove. */
    public record Names(List<String> headers, List<String> json) {
    }

    /** old:new entries. */
    public record Renames(List<String> headers, List<String> json) {
    }

    /** name:value entries, with the JSON type of each json value. */
    public record Values(List<String> headers, List<String> json, @JsonProperty("json_types") List<String> jsonTypes) {
    }

}
