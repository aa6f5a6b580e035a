package io.gatehouse.gateway.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The mappers that read and write the config language. Unknown fields are errors (never silently
 * dropped), nulls are left out, and map keys are sorted so that output is stable. Use these (not a
 * framework's mapper) to parse definitions, so that every reader applies the same rules.
 */
public final class ConfigJson {

    private static final JsonMapper JSON = configure(JsonMapper.builder()).build();
    private static final YAMLMapper YAML = configure(YAMLMapper.builder())
        .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
        .disable(YAMLWriteFeature.SPLIT_LINES)
        .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
        .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
        .build();

    private ConfigJson() {
    }

    /** The JSON mapper of the config language. */
    public static JsonMapper json() {
        return JSON;
    }

    /** The YAML mapper of the config language. */
    public static YAMLMapper yaml() {
        return YAML;
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL));
    }

}
