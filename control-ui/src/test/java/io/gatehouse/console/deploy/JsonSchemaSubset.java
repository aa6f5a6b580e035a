package io.gatehouse.console.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Validates a document against the part of JSON Schema (draft-07) the Helm chart's values.schema.json uses, the
 * way {@code helm install} would: type, properties, required, additionalProperties, enum, minimum, maximum,
 * minLength, maxLength, pattern and items. A schema using any other keyword is rejected rather than half
 * checked, so the chart cannot grow a rule this check silently ignores.
 */
final class JsonSchemaSubset {

    private static final Set<String> KEYWORDS = Set.of("$schema", "title", "description", "type", "properties",
            "required", "additionalProperties", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern",
            "items");

    private final JsonNode schema;

    JsonSchemaSubset(JsonNode schema) {
        this.schema = schema;
        checkKeywords(schema, "#");
    }

    /** The violations of the document, each as "path: message"; empty when it is valid. */
    List<String> violations(JsonNode document) {
        List<String> violations = new ArrayList<>();
        validate(schema, document, "$", violations);
        return violations;
    }

    private static void checkKeywords(JsonNode schema, String at) {
        if (!schema.isObject()) {
            throw new IllegalArgumentException(at + " is not a schema object");
        }
        for (String keyword : schema.propertyNames()) {
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalArgumentException(at + " uses '" + keyword + "', which this check does not implement");
            }
        }
        if (schema.has("properties")) {
            for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
                checkKeywords(property.getValue(), at + "/properties/" + property.getKey());
            }
        }
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
            checkKeywords(schema.get("additionalProperties"), at + "/additionalProperties");
        }
        if (schema.has("items")) {
            checkKeywords(schema.get("items"), at + "/items");
        }
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            violations.add(path + ": must be of type " + schema.get("type") + ", not " + describe(value));
            return;
        }
        if (schema.has("enum") && !schema.get("enum").values().contains(value)) {
            violations.add(path + ": must be one of " + schema.get("enum") + ", not " + value);
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.doubleValue() < schema.get("minimum").doubleValue()) {
                violations.add(path + ": must be at least " + schema.get("minimum") + ", not " + value);
            }
            if (schema.has("maximum") && value.doubleValue() > schema.get("maximum").doubleValue()) {
                violations.add(path + ": must be at most " + schema.get("maximum") + ", not " + value);
            }
        }
        if (value.isString()) {
            String text = value.stringValue();
            int length = text.codePointCount(0, text.length());
            if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
                violations.add(path + ": must have at least " + schema.get("minLength") + " characters");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
                violations.add(path + ": must have at most " + schema.get("maxLength") + " characters");
            }
            // JSON Schema patterns are not anchored: they match anywhere unless they say ^...$.
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").stringValue()).matcher(text).find()) {
                violations.add(path + ": must match " + schema.get("pattern").stringValue() + ", not \"" + text + "\"");
            }
        }
        if (value.isObject()) {
            validateObject(schema, value, path, violations);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    private static void validateObject(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (schema.has("required")) {
            for (JsonNode required : schema.get("required").values()) {
                if (!value.has(required.stringValue())) {
                    violations.add(path + "." + required.stringValue() + ": is required");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            String at = path + "." + property.getKey();
            if (properties != null && properties.has(property.getKey())) {
                validate(properties.get(property.getKey()), property.getValue(), at, violations);
            } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                violations.add(at + ": is not a known setting");
            } else if (additional != null && additional.isObject()) {
                validate(additional, property.getValue(), at, violations);
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            return type.values().stream().anyMatch(one -> hasType(one, value));
        }
        return switch (type.stringValue()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        return value.getNodeType().name().toLowerCase() + " " + value;
    }
}
