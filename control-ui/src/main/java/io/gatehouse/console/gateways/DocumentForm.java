package io.gatehouse.console.gateways;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form of one kind of Kong entity (a route, an upstream, a credential, …): a field per document path.
 * A field's request parameter is its Kong path ({@code strip_path}, {@code healthchecks.active.http_path},
 * {@code retry.back_off.base_interval}), which is also the path of the gateway validator's violations, so
 * every message lands next to the field that caused it. An empty field is absent from the document: the
 * gateway's default applies, and on an edit the stored value is removed. The gateway judges the values;
 * the form only turns text into the JSON type the path has.
 */
record DocumentForm(List<Field> fields) {

    /** How a field is typed in and what JSON it becomes. */
    enum Kind {
        /** Free text; a JSON string. */
        TEXT,
        /** A JSON integer. */
        INTEGER,
        /** A JSON number. */
        NUMBER,
        /** Comma-separated text; a list of strings. */
        LIST,
        /** Comma-separated integers; a list of integers. */
        INTEGER_LIST,
        /** One item per line (values that may contain commas, such as regex paths); a list of strings. */
        LINES,
        /** Default / yes / no; a JSON boolean. */
        BOOLEAN,
        /** One of {@code options}; a JSON string. */
        CHOICE,
        /** One of {@code options}; a JSON integer. */
        INTEGER_CHOICE,
        /** {@code Name: value, value} per line; an object of string lists (Kong's route headers). */
        HEADERS,
        /** JSON text (lists of objects); any JSON value. */
        JSON,
        /** Multi-line text such as PEM; a JSON string. */
        BLOCK
    }

    /**
     * One input.
     *
     * @param path the document path, also the request parameter
     * @param label what the field is called on the page
     * @param kind how it is typed in
     * @param hint a line of help under the field, or {@code null}
     * @param options the values of a choice
     * @param writeOnly a secret: never filled in from the stored entity; left empty on an edit it is kept
     */
    record Field(String path, String label, Kind kind, String hint, List<String> options, boolean writeOnly) {

        /** The HTML id of the input (dots are not welcome in CSS selectors). */
        public String id() {
            return path.replace('.', '-');
        }

        public boolean multiline() {
            return kind == Kind.LINES || kind == Kind.HEADERS || kind == Kind.JSON || kind == Kind.BLOCK;
        }

        public boolean choice() {
            return kind == Kind.BOOLEAN || kind == Kind.CHOICE || kind == Kind.INTEGER_CHOICE;
        }

        public List<String> choices() {
            return kind == Kind.BOOLEAN ? List.of("true", "false") : options;
        }
    }

    static Field field(String path, String label, Kind kind, String hint) {
        return new Field(path, label, kind, hint, List.of(), false);
    }

    static Field choice(String path, String label, String hint, String... options) {
        return new Field(path, label, Kind.CHOICE, hint, List.of(options), false);
    }

    static Field integerChoice(String path, String label, String hint, String... options) {
        return new Field(path, label, Kind.INTEGER_CHOICE, hint, List.of(options), false);
    }

    static Field secret(String path, String label, Kind kind, String hint) {
        return new Field(path, label, kind, hint, List.of(), true);
    }

    static DocumentForm of(Field... fields) {
        return new DocumentForm(List.of(fields));
    }

    /** One form of this form's fields followed by {@code more}'s (edited together, shown in sections). */
    DocumentForm and(DocumentForm more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(more.fields());
        return new DocumentForm(List.copyOf(all));
    }

    /** The request parameters (and violation paths) of this form. */
    Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        fields.forEach(field -> paths.add(field.path()));
        return paths;
    }

    /** What the user typed, to show the form again. */
    FormState typed(Map<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field field : fields) {
            values.put(field.path(), field.writeOnly() ? "" : params.getOrDefault(field.path(), ""));
        }
        return FormState.of(values);
    }

    /** The stored document as the form shows it (secrets left empty). */
    FormState shown(JsonNode document, JsonMapper json) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field field : fields) {
            JsonNode value = at(document, field.path());
            values.put(field.path(), field.writeOnly() || value == null || value.isNull() ? "" : text(field, value, json));
        }
        return FormState.of(values);
    }

    /**
     * Writes the typed values into {@code document}: a filled field sets its path, an empty one removes it
     * (a write-only field left empty keeps what is stored). Objects left empty are removed. Text that is not
     * of the field's type becomes a message on the field.
     */
    ObjectNode apply(Map<String, String> params, ObjectNode document, FormState form, JsonMapper json) {
        for (Field field : fields) {
            String text = params.getOrDefault(field.path(), "").strip();
            if (text.isEmpty()) {
                if (!field.writeOnly()) {
                    remove(document, field.path());
                }
                continue;
            }
            try {
                set(document, field.path(), value(field, text, json));
            } catch (NumberFormatException e) {
                form.reject(field.path(), field.kind() == Kind.NUMBER ? "must be a number" : "must be an integer",
                        paths());
            } catch (JacksonException e) {
                form.reject(field.path(), "must be JSON", paths());
            } catch (IllegalArgumentException e) {
                form.reject(field.path(), e.getMessage(), paths());
            }
        }
        return document;
    }

    private static JsonNode value(Field field, String text, JsonMapper json) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (field.kind()) {
            case TEXT, CHOICE, BLOCK -> nodes.stringNode(text);
            case INTEGER, INTEGER_CHOICE -> nodes.numberNode(Long.parseLong(text));
            case NUMBER -> nodes.numberNode(new BigDecimal(text));
            case BOOLEAN -> nodes.booleanNode(Boolean.parseBoolean(text));
            case LIST -> strings(Lists.split(text));
            case LINES -> strings(text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
            case INTEGER_LIST -> {
                ArrayNode items = nodes.arrayNode();
                Lists.split(text).forEach(item -> items.add(Long.parseLong(item)));
                yield items;
            }
            case HEADERS -> {
                ObjectNode headers = nodes.objectNode();
                for (String line : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("each line must be Name: value, value");
                    }
                    headers.set(line.substring(0, colon).strip(), strings(Lists.split(line.substring(colon + 1))));
                }
                yield headers;
            }
            case JSON -> json.readTree(text);
        };
    }

    private static ArrayNode strings(List<String> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static String text(Field field, JsonNode value, JsonMapper json) {
        return switch (field.kind()) {
            case LIST, INTEGER_LIST -> value.isArray() ? Lists.join(items(value)) : value.toString();
            case LINES -> value.isArray() ? String.join("\n", items(value)) : value.toString();
            case HEADERS -> {
                List<String> lines = new ArrayList<>();
                for (Map.Entry<String, JsonNode> header : value.properties()) {
                    lines.add(header.getKey() + ": " + Lists.join(items(header.getValue())));
                }
                yield String.join("\n", lines);
            }
            case JSON -> json.writeValueAsString(value);
            default -> value.isString() ? value.asString() : value.toString();
        };
    }

    private static List<String> items(JsonNode array) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : array) {
            items.add(item.isString() ? item.asString()
                    : item.path("name").isString() ? item.get("name").asString()
                    : item.path("id").isString() ? item.get("id").asString() : item.toString());
        }
        return items;
    }

    private static JsonNode at(JsonNode document, String path) {
        JsonNode node = document;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static void set(ObjectNode document, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = document;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static void remove(ObjectNode document, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            document.remove(path);
            return;
        }
        if (document.get(path.substring(0, dot)) instanceof ObjectNode child) {
            remove(child, path.substring(dot + 1));
            if (child.isEmpty()) {
                document.remove(path.substring(0, dot));
            }
        }
    }
}
