package io.gatehouse.console.gateways;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatehouse.gateway.config.schema.FieldType;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form of one plugin, built from its schema in the gateway: a field per config field with its
 * description and default. Scalars are text inputs, booleans a choice, lists comma-separated text, nested
 * objects and maps JSON. A field left empty is left out of the config, so the gateway's default applies;
 * the gateway's validator then checks the config and its messages come back under {@code config.<field>}.
 */
record PluginForm(String plugin, String description, List<Field> fields) {

    /** One input: {@code param} is the request parameter and the violation path ({@code config.minute}). */
    record Field(String name, String param, String kind, String type, String description, String defaultText,
            List<String> options, boolean required) {
    }

    static PluginForm of(PluginSchema<?> schema, JsonMapper json) {
        List<Field> fields = new ArrayList<>();
        for (SchemaField field : schema.fields()) {
            fields.add(new Field(field.name(), "config." + field.name(), kind(field), typeText(field),
                    field.description(), defaultText(field, json), field.allowedValues(), field.required()));
        }
        return new PluginForm(schema.name(), schema.description(), List.copyOf(fields));
    }

    Set<String> params() {
        Set<String> params = new LinkedHashSet<>();
        fields.forEach(field -> params.add(field.param()));
        return params;
    }

    /**
     * The config the typed values make. A value that is not even of the field's type is a message on the
     * field; everything else is for the gateway's validator to judge.
     */
    ObjectNode config(Map<String, String> params, FormState form, PluginSchema<?> schema, JsonMapper json) {
        ObjectNode config = json.createObjectNode();
        for (SchemaField field : schema.fields()) {
            String param = "config." + field.name();
            String text = params.getOrDefault(param, "").strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                config.set(field.name(), value(field, text, json));
            } catch (NumberFormatException e) {
                form.reject(param, "must be " + field.type().description(), params());
            } catch (JacksonException e) {
                form.reject(param, "must be a JSON object", params());
            }
        }
        return config;
    }

    /** The stored config as the form shows it: lists comma-separated, objects as JSON, absent fields empty. */
    FormState shown(JsonNode config, JsonMapper json) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (Field field : fields) {
            JsonNode value = config == null ? null : config.get(field.name());
            String text;
            if (value == null || value.isNull()) {
                text = "";
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isValueNode() ? item.asString() : json.writeValueAsString(item)));
                text = Lists.join(items);
            } else if (value.isObject()) {
                text = json.writeValueAsString(value);
            } else {
                text = value.asString();
            }
            values.put(field.param(), text);
        }
        return FormState.of(values);
    }

    private static JsonNode value(SchemaField field, String text, JsonMapper json) {
        return switch (field.type()) {
            case INTEGER -> JsonNodeFactory.instance.numberNode(Long.parseLong(text));
            case NUMBER -> JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(text));
            case BOOLEAN -> JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
            case ARRAY -> {
                ArrayNode items = json.createArrayNode();
                for (String item : Lists.split(text)) {
                    items.add(field.element() == null ? JsonNodeFactory.instance.stringNode(item)
                            : value(field.element(), item, json));
                }
                yield items;
            }
            case RECORD, MAP -> json.readTree(text);
            case STRING -> JsonNodeFactory.instance.stringNode(text);
        };
    }

    private static String kind(SchemaField field) {
        if (field.type() == FieldType.BOOLEAN) {
            return "boolean";
        }
        if (field.type() == FieldType.STRING && !field.allowedValues().isEmpty()) {
            return "choice";
        }
        return field.type() == FieldType.RECORD || field.type() == FieldType.MAP ? "json" : "text";
    }

    private static String typeText(SchemaField field) {
        return switch (field.type()) {
            case ARRAY -> "list, comma-separated";
            case RECORD, MAP -> "JSON object";
            default -> field.type().jsonName();
        };
    }

    private static String defaultText(SchemaField field, JsonMapper json) {
        Object value = field.defaultValue();
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : Lists.join(list);
        }
        if (value instanceof Map<?, ?> || value instanceof Record) {
            return json.writeValueAsString(value);
        }
        return String.valueOf(value);
    }
}
