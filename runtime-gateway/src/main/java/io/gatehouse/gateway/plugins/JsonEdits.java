package io.gatehouse.gateway.plugins;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transformers' operations on a JSON object's top-level fields, in Kong's order and with the semantics of
 * {@link HeaderEdits}: remove, rename, replace (only what is present), add (only what is absent), append (turns
 * the field into an array and adds to it).
 */
public final class JsonEdits {

    /** Turns the text of the {@code index}-th pair of an operation's list into the value written. */
    @FunctionalInterface
    public interface Values {
        JsonNode of(String text, Operation operation, int index);
    }

    /** The operations that write a value. */
    public enum Operation {
        REPLACE, ADD, APPEND
    }

    private JsonEdits() {
    }

    public static void apply(ObjectNode json, List<String> remove, List<String> rename, List<String> replace,
            List<String> add, List<String> append, Values values) {
        remove.forEach(json::remove);
        for (String pair : rename) {
            String[] p = HeaderEdits.split(pair);
            JsonNode value = json.remove(p[0]);
            if (value != null) {
                json.set(p[1], value);
            }
        }
        for (int i = 0; i < replace.size(); i++) {
            String[] p = HeaderEdits.split(replace.get(i));
            if (json.has(p[0])) {
                json.set(p[0], values.of(p[1], Operation.REPLACE, i));
            }
        }
        for (int i = 0; i < add.size(); i++) {
            String[] p = HeaderEdits.split(add.get(i));
            if (!json.has(p[0])) {
                json.set(p[0], values.of(p[1], Operation.ADD, i));
            }
        }
        for (int i = 0; i < append.size(); i++) {
            String[] p = HeaderEdits.split(append.get(i));
            JsonNode current = json.get(p[0]);
            ArrayNode array;
            if (current instanceof ArrayNode existing) {
                array = existing;
            } else {
                array = json.arrayNode();
                if (current != null && !current.isNull()) {
                    array.add(current);
                }
            }
            array.add(values.of(p[1], Operation.APPEND, i));
            json.set(p[0], array);
        }
    }
}
