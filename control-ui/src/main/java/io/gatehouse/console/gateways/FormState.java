package io.gatehouse.console.gateways;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * What a gateway form shows after a post: the values the user typed and a message per field. The gateway's
 * schema names fields by their Kong path ({@code port}, {@code config.minute}); a violation of a field the
 * form has sits next to that field, any other becomes a form-level message.
 */
public final class FormState {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final List<String> global = new ArrayList<>();

    public static FormState of(Map<String, String> values) {
        FormState state = new FormState();
        values.forEach((key, value) -> state.values.put(key, value == null ? "" : value));
        return state;
    }

    public static FormState empty() {
        return new FormState();
    }

    /** Puts each violation next to its field when the form has it ({@code formFields}), otherwise on top. */
    public FormState reject(InvalidInputException e, Set<String> formFields) {
        for (FieldViolation violation : e.violations()) {
            reject(violation.field(), violation.message(), formFields);
        }
        if (e.violations().isEmpty()) {
            global.add(e.getMessage());
        }
        return this;
    }

    public FormState reject(String field, String message, Set<String> formFields) {
        String target = field == null ? null : owner(field, formFields);
        if (target != null) {
            errors.merge(target, target.equals(field) ? message : field + " " + message, (a, b) -> a + "; " + b);
        } else {
            global.add(field == null ? message : field + " " + message);
        }
        return this;
    }

    /** The form field a path belongs to: the path itself or its longest prefix the form has. */
    private static String owner(String field, Set<String> formFields) {
        String path = field;
        while (!path.isEmpty()) {
            if (formFields.contains(path)) {
                return path;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return null;
    }

    public FormState fail(String message) {
        global.add(message);
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !global.isEmpty();
    }

    public Map<String, String> getValues() {
        return values;
    }

    public Map<String, String> getErrors() {
        return errors;
    }

    public List<String> getGlobal() {
        return global;
    }

    /** The message of a field, or {@code null}. (A method: SpEL reads {@code errors[name]} as the key "name".) */
    public String error(String field) {
        return errors.get(field);
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }
}
