package io.gatehouse.platform.portal.products;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks an OpenAPI 3 document (JSON or YAML) and says what is wrong by line. The document is read with
 * Jackson's streaming parser into a small tree that keeps each node's line (a syntax error comes with the
 * parser's line), then checked twice:
 * <ol>
 * <li>against the OpenAPI Initiative's JSON Schema for its version (3.0 or 3.1, {@link OpenApiSchemas}): every
 * required field, type, allowed value, pattern and unknown field of the specification's structure;</li>
 * <li>by the rules a schema cannot express that a portal and an interactive viewer rely on: every local
 * {@code $ref} resolves, path template variables are declared as required path parameters, {@code operationId}s
 * are unique, paths start with {@code /}.</li>
 * </ol>
 * Each problem is reported at the line of the node it is about (for a missing field, its parent's line). Where
 * both checks find the same thing, the second's wording is kept. swagger-parser was not used: it reports
 * problems without lines and brings Jackson 2 and swagger-core beside the build's Jackson 3.
 */
@Component
public class OpenApiValidator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Set<String> LOCATIONS = Set.of("query", "header", "path", "cookie");
    private static final Pattern VERSION = Pattern.compile("3\\.[01](\\.\\d+)?(-.+)?");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final int MAX_DEPTH = 200;
    private static final int MAX_PROBLEMS = 100;

    private final OpenApiSchemas schemas = new OpenApiSchemas();

    /** A parsed node: a map, a list or a scalar, with the line it starts on. */
    record Node(Object value, int line) {

        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return value instanceof Map<?, ?> m ? (Map<String, Node>) m : null;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return value instanceof List<?> l ? (List<Node>) l : null;
        }

        String text() {
            return value instanceof String s ? s : null;
        }
    }

    /** Checks a document. */
    public OpenApiCheck check(String text) {
        if (text == null || text.isBlank()) {
            return new OpenApiCheck(List.of(new OpenApiProblem(0, "", "The document is empty.")), null, null, null);
        }
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        String format = json ? "json" : "yaml";
        Node root;
        try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new OpenApiCheck(List.of(new OpenApiProblem(0, "", "The document is empty.")), null, null, format);
            }
            root = read(parser, 0);
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            int line = location == null ? 0 : Math.max(0, location.getLineNr());
            return new OpenApiCheck(List.of(new OpenApiProblem(line, "", "Not valid " + format.toUpperCase() + ": "
                    + e.getOriginalMessage())), null, null, format);
        }
        List<OpenApiProblem> problems = new ArrayList<>();
        new Checker(root, problems).check();
        Map<String, Node> top = root.map();
        String openapi = top == null || top.get("openapi") == null ? null : scalar(top.get("openapi"));
        if (openapi != null && VERSION.matcher(openapi).matches()) {
            JsonNode tree = json ? JSON.readTree(text) : YAML.readTree(text);
            problems = merge(root, problems, schemas.validate(tree, openapi.startsWith("3.1")));
        }
        Map<String, Node> info = top == null || top.get("info") == null ? null : top.get("info").map();
        String title = info == null || info.get("title") == null ? null : info.get("title").text();
        String version = info == null || info.get("version") == null ? null : scalar(info.get("version"));
        return new OpenApiCheck(List.copyOf(problems), title, version, format);
    }

    /**
     * The structural checks' problems, then the schema's violations they do not already cover: none inside a
     * subtree the structural checks found wrong, none repeating one of their messages on the same line, no
     * "does not match any form" when a more precise violation inside says why, no "not allowed" for a field that
     * is only unevaluated because of an error inside it, no "$ref is required" (the
     * reference alternative of a 3.0 object that is not a reference), each message once per place.
     */
    private static List<OpenApiProblem> merge(Node root, List<OpenApiProblem> checked, List<OpenApiSchemas.Violation> violations) {
        List<OpenApiProblem> merged = new ArrayList<>(checked);
        Set<String> seen = new HashSet<>();
        for (OpenApiSchemas.Violation violation : violations) {
            String at = violation.pointer();
            if (violation.message().equals("$ref is required.")) {
                continue;
            }
            if (checked.stream().anyMatch(p -> within(at, p.pointer()))) {
                continue;
            }
            if (violation.combinator() && violations.stream().anyMatch(other -> other != violation && !other.combinator()
                    && !other.message().equals("$ref is required.") && within(other.pointer(), at))) {
                continue;
            }
            // A 2020-12 schema forgets what a failing subschema evaluated, so a field with an error inside is then
            // also "not allowed" (unevaluatedProperties): only the error inside is the news.
            if (violation.keyword().equals("unevaluatedProperties")
                    && (checked.stream().anyMatch(p -> within(p.pointer(), at))
                            || violations.stream().anyMatch(other -> !other.keyword().equals("unevaluatedProperties")
                                    && !other.message().equals("$ref is required.") && within(other.pointer(), at)))) {
                continue;
            }
            int line = lineOf(root, at);
            if (checked.stream().anyMatch(p -> p.line() == line && p.message().equals(violation.message()))) {
                continue;
            }
            if (seen.add(at + "\n" + violation.message())) {
                merged.add(new OpenApiProblem(line, at, violation.message()));
            }
        }
        merged.sort(java.util.Comparator.comparingInt(OpenApiProblem::line));
        return merged.size() > MAX_PROBLEMS ? List.copyOf(merged.subList(0, MAX_PROBLEMS)) : merged;
    }

    /** Whether {@code pointer} is {@code ancestor} or inside it (the root counts only as itself). */
    private static boolean within(String pointer, String ancestor) {
        return pointer.equals(ancestor) || !ancestor.isEmpty() && pointer.startsWith(ancestor + "/");
    }

    /** The line of the node at a JSON pointer, or of the deepest node on the way that exists. */
    static int lineOf(Node root, String pointer) {
        Node current = root;
        if (pointer.isEmpty()) {
            return root.line();
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String part = raw.replace("~1", "/").replace("~0", "~");
            Node next = null;
            if (current.map() != null) {
                next = current.map().get(part);
            } else if (current.list() != null && part.matches("\\d+") && Integer.parseInt(part) < current.list().size()) {
                next = current.list().get(Integer.parseInt(part));
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        return current.line();
    }

    private static Node read(JsonParser parser, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("nesting deeper than " + MAX_DEPTH);
        }
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                // A value is reported at its key's line: in YAML an object starts on the line of its first key.
                map.put(name, new Node(read(parser, depth + 1).value(), keyLine));
            }
            return new Node(map, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(parser, depth + 1));
            }
            return new Node(list, line);
        }
        return switch (token) {
            case VALUE_STRING -> new Node(parser.getString(), line);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Node(parser.getNumberValue(), line);
            case VALUE_TRUE -> new Node(Boolean.TRUE, line);
            case VALUE_FALSE -> new Node(Boolean.FALSE, line);
            default -> new Node(null, line);
        };
    }

    private static String scalar(Node node) {
        return node.value() == null || node.map() != null || node.list() != null ? null : String.valueOf(node.value());
    }

    /** The structural checks, each problem at the line of the node it is about. */
    private static final class Checker {

        private final Node root;
        private final List<OpenApiProblem> problems;
        private final Set<String> operationIds = new HashSet<>();

        Checker(Node root, List<OpenApiProblem> problems) {
            this.root = root;
            this.problems = problems;
        }

        void problem(Node node, String pointer, String message) {
            problems.add(new OpenApiProblem(node == null ? 0 : node.line(), pointer, message));
        }

        void check() {
            Map<String, Node> top = root.map();
            if (top == null) {
                problem(root, "", "The document must be an object with openapi, info and paths.");
                return;
            }
            Node openapi = top.get("openapi");
            if (openapi == null) {
                problem(top.containsKey("swagger") ? top.get("swagger") : root, top.containsKey("swagger") ? "/swagger" : "",
                        top.containsKey("swagger") ? "Swagger 2.0 is not supported; convert the document to OpenAPI 3."
                                : "openapi is required (the OpenAPI version, e.g. \"3.0.3\").");
            } else if (scalar(openapi) == null || !VERSION.matcher(scalar(openapi)).matches()) {
                problem(openapi, "/openapi", "must be an OpenAPI 3.0 or 3.1 version such as \"3.0.3\".");
            }
            Node info = top.get("info");
            if (info == null || info.map() == null) {
                problem(info == null ? root : info, "/info", info == null ? "info is required." : "must be an object.");
            } else {
                requireString(info, "/info", "title");
                requireScalar(info, "/info", "version");
            }
            Node servers = top.get("servers");
            if (servers != null) {
                checkServers(servers, "/servers");
            }
            Node paths = top.get("paths");
            boolean is31 = openapi != null && scalar(openapi) != null && scalar(openapi).startsWith("3.1");
            if (paths == null) {
                if (!is31 || !(top.containsKey("webhooks") || top.containsKey("components"))) {
                    problem(root, "/paths", "paths is required.");
                }
            } else if (paths.map() == null) {
                problem(paths, "/paths", "must be an object of path items.");
            } else {
                paths.map().forEach((path, item) -> checkPathItem(path, item, "/paths/" + escape(path)));
            }
            checkRefs(root, "");
        }

        void checkServers(Node servers, String pointer) {
            if (servers.list() == null) {
                problem(servers, pointer, "must be a list of servers.");
                return;
            }
            for (int i = 0; i < servers.list().size(); i++) {
                Node server = servers.list().get(i);
                if (server.map() == null) {
                    problem(server, pointer + "/" + i, "must be an object with a url.");
                } else {
                    requireString(server, pointer + "/" + i, "url");
                }
            }
        }

        void checkPathItem(String path, Node item, String pointer) {
            if (!path.startsWith("/")) {
                problem(item, pointer, "a path must start with \"/\".");
            }
            if (item.map() == null) {
                problem(item, pointer, "must be a path item object.");
                return;
            }
            Set<String> declared = new HashSet<>();
            boolean opaque = collectPathParameters(item.map().get("parameters"), pointer + "/parameters", declared);
            for (Map.Entry<String, Node> entry : item.map().entrySet()) {
                String key = entry.getKey();
                if (!METHODS.contains(key)) {
                    if (key.equals("servers")) {
                        checkServers(entry.getValue(), pointer + "/servers");
                    }
                    continue;
                }
                String opPointer = pointer + "/" + key;
                Node operation = entry.getValue();
                if (operation.map() == null) {
                    problem(operation, opPointer, "an operation must be an object.");
                    continue;
                }
                Set<String> opDeclared = new HashSet<>(declared);
                boolean opOpaque = collectPathParameters(operation.map().get("parameters"), opPointer + "/parameters",
                        opDeclared) || opaque;
                Node responses = operation.map().get("responses");
                if (responses == null) {
                    problem(operation, opPointer, "responses is required.");
                } else if (responses.map() == null || responses.map().isEmpty()) {
                    problem(responses, opPointer + "/responses", "must be an object with at least one response.");
                }
                Node id = operation.map().get("operationId");
                if (id != null && id.text() != null && !operationIds.add(id.text())) {
                    problem(id, opPointer + "/operationId", "operationId '" + id.text() + "' is used twice.");
                }
                if (!opOpaque) {
                    Matcher variables = TEMPLATE.matcher(path);
                    while (variables.find()) {
                        if (!opDeclared.contains(variables.group(1))) {
                            problem(operation, opPointer, "the path parameter '" + variables.group(1)
                                    + "' is not declared (add it to parameters with in: path).");
                        }
                    }
                }
            }
        }

        /** Checks a parameters list and adds its path parameters; true when some are $refs (names unknown here). */
        boolean collectPathParameters(Node parameters, String pointer, Set<String> declared) {
            if (parameters == null) {
                return false;
            }
            if (parameters.list() == null) {
                problem(parameters, pointer, "must be a list of parameters.");
                return false;
            }
            boolean opaque = false;
            for (int i = 0; i < parameters.list().size(); i++) {
                Node parameter = parameters.list().get(i);
                String at = pointer + "/" + i;
                if (parameter.map() == null) {
                    problem(parameter, at, "a parameter must be an object.");
                    continue;
                }
                if (parameter.map().containsKey("$ref")) {
                    opaque = true;
                    continue;
                }
                requireString(parameter, at, "name");
                Node in = parameter.map().get("in");
                if (in == null) {
                    problem(parameter, at, "in is required (query, header, path or cookie).");
                } else if (in.text() == null || !LOCATIONS.contains(in.text())) {
                    problem(in, at + "/in", "must be query, header, path or cookie.");
                } else if (in.text().equals("path")) {
                    Node required = parameter.map().get("required");
                    if (required == null || !Boolean.TRUE.equals(required.value())) {
                        problem(parameter, at, "a path parameter must have required: true.");
                    }
                    Node name = parameter.map().get("name");
                    if (name != null && name.text() != null) {
                        declared.add(name.text());
                    }
                }
            }
            return opaque;
        }

        void checkRefs(Node node, String pointer) {
            if (node.map() != null) {
                for (Map.Entry<String, Node> entry : node.map().entrySet()) {
                    String at = pointer + "/" + escape(entry.getKey());
                    if (entry.getKey().equals("$ref") && entry.getValue().text() != null) {
                        String ref = entry.getValue().text();
                        if (ref.startsWith("#") && resolve(ref.substring(1)) == null) {
                            problem(entry.getValue(), at, "$ref '" + ref + "' points to nothing in this document.");
                        }
                    } else {
                        checkRefs(entry.getValue(), at);
                    }
                }
            } else if (node.list() != null) {
                for (int i = 0; i < node.list().size(); i++) {
                    checkRefs(node.list().get(i), pointer + "/" + i);
                }
            }
        }

        Node resolve(String pointer) {
            if (pointer.isEmpty()) {
                return root;
            }
            if (!pointer.startsWith("/")) {
                return null;
            }
            Node current = root;
            for (String raw : pointer.substring(1).split("/", -1)) {
                String part = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("~1", "/").replace("~0", "~");
                if (current.map() != null) {
                    current = current.map().get(part);
                } else if (current.list() != null && part.matches("\\d+") && Integer.parseInt(part) < current.list().size()) {
                    current = current.list().get(Integer.parseInt(part));
                } else {
                    return null;
                }
                if (current == null) {
                    return null;
                }
            }
            return current;
        }

        void requireString(Node parent, String pointer, String field) {
            Node value = parent.map().get(field);
            if (value == null) {
                problem(parent, pointer, field + " is required.");
            } else if (value.text() == null || value.text().isBlank()) {
                problem(value, pointer + "/" + field, "must be a non-empty string.");
            }
        }

        void requireScalar(Node parent, String pointer, String field) {
            Node value = parent.map().get(field);
            if (value == null) {
                problem(parent, pointer, field + " is required.");
            } else if (scalar(value) == null) {
                problem(value, pointer + "/" + field, "must be a string.");
            }
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
