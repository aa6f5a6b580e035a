package io.gatehouse.platform.portal.products;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI Initiative's JSON Schemas for OpenAPI 3.0 and 3.1 documents (kept in {@code resources/openapi/},
 * with their provenance), run by networknt's JSON Schema validator. What comes out is the validator's errors
 * in words a document's author understands, each at the JSON pointer of the node it is about; {@link
 * OpenApiValidator} turns pointers into lines.
 */
final class OpenApiSchemas {

    /** One rule of the specification's schema that the document breaks. */
    record Violation(String pointer, String keyword, String message) {

        boolean combinator() {
            return switch (keyword) {
                case "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "dependentSchemas", "$ref", "$dynamicRef" -> true;
                default -> false;
            };
        }
    }

    static final String V30 = "https://spec.openapis.org/oas/3.0/schema/2021-09-28";
    static final String V31 = "https://spec.openapis.org/oas/3.1/schema/2021-09-28";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Schema v30;
    private final Schema v31;

    OpenApiSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        this.v30 = registry.getSchema(SchemaLocation.of(V30), read("openapi/oas-3.0-schema.yaml"));
        this.v31 = registry.getSchema(SchemaLocation.of(V31), read("openapi/oas-3.1-schema.yaml"));
    }

    /** Every rule of the 3.0 or 3.1 schema the document breaks. */
    List<Violation> validate(JsonNode document, boolean openApi31) {
        List<Error> errors = (openApi31 ? v31 : v30).validate(document);
        List<Violation> violations = new ArrayList<>();
        for (Error error : errors) {
            violations.add(describe(error));
        }
        return violations;
    }

    private static Violation describe(Error error) {
        String at = pointer(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        String property = error.getProperty();
        return switch (keyword) {
            case "required" -> new Violation(at, keyword, quoteless(property != null ? property : arg(args, 0)) + " is required.");
            case "additionalProperties", "unevaluatedProperties", "false" -> {
                String name = property != null ? property : arg(args, 0);
                yield new Violation(at + "/" + OpenApiValidator.escape(name), keyword,
                        "'" + name + "' is not allowed here.");
            }
            case "type" -> new Violation(at, keyword, "must be " + article(arg(args, 1)) + ", not " + article(arg(args, 0)) + ".");
            case "enum" -> new Violation(at, keyword, "must be one of " + values(arg(args, 0)) + ".");
            case "const" -> new Violation(at, keyword, "must be " + arg(args, 0) + ".");
            case "pattern" -> new Violation(at, keyword, "does not match the pattern " + arg(args, 0) + ".");
            case "format" -> new Violation(at, keyword, "is not a valid " + arg(args, 0) + ".");
            case "minProperties" -> new Violation(at, keyword, "must have at least " + arg(args, 0) + " entr"
                    + ("1".equals(arg(args, 0)) ? "y" : "ies") + ".");
            case "maxProperties" -> new Violation(at, keyword, "must have at most " + arg(args, 0) + " entr"
                    + ("1".equals(arg(args, 0)) ? "y" : "ies") + ".");
            case "uniqueItems" -> new Violation(at, keyword, "must not list the same item twice.");
            case "propertyNames" -> new Violation(at + "/" + OpenApiValidator.escape(arg(args, 0)), keyword,
                    "'" + arg(args, 0) + "' is not a valid name here (letters, digits, '.', '-' and '_').");
            case "oneOf", "anyOf" -> new Violation(at, keyword, "does not match any of the forms the specification allows here.");
            case "not" -> new Violation(at, keyword, "has fields that must not be used together (e.g. example and examples, "
                    + "schema and content).");
            default -> new Violation(at, keyword, stripLocation(error.getMessage()));
        };
    }

    /** A JSON pointer ({@code /paths/~1pets/get}) from the validator's node path. */
    static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer.append('/').append(element instanceof Integer ? element.toString() : OpenApiValidator.escape(String.valueOf(element)));
        }
        return pointer.toString();
    }

    private static String arg(Object[] args, int index) {
        return index < args.length && args[index] != null ? String.valueOf(args[index]) : "";
    }

    private static String quoteless(String value) {
        return value.startsWith("'") && value.endsWith("'") && value.length() > 1 ? value.substring(1, value.length() - 1) : value;
    }

    private static String article(String type) {
        String t = type.replace("[", "").replace("]", "").strip();
        if (t.isEmpty()) {
            return "another type";
        }
        return switch (t) {
            case "object", "array", "integer" -> "an " + t;
            case "null" -> "null";
            default -> t.contains(",") ? "one of " + t : "a " + t;
        };
    }

    private static String values(String list) {
        String inner = list.startsWith("[") && list.endsWith("]") ? list.substring(1, list.length() - 1) : list;
        return Arrays.stream(inner.split(",")).map(String::strip).map(OpenApiSchemas::quoteless)
                .map(v -> v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v)
                .collect(Collectors.joining(", "));
    }

    private static String stripLocation(String message) {
        if (message == null) {
            return "breaks a rule of the OpenAPI specification.";
        }
        int colon = message.indexOf(": ");
        String text = message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
        return text.endsWith(".") ? text : text + ".";
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
