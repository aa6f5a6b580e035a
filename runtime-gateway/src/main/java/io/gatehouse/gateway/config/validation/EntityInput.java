package io.gatehouse.gateway.config.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Reads one entity from JSON as the control plane receives it (a request body) and checks it: binding
 * errors (unknown field, wrong type, value not allowed) become field violations, then the entity's
 * own rules run. References to other entities are not resolved here.
 *
 * <pre>{@code
 * EntityInput<RouteDefinition> input = EntityInput.read(body, RouteDefinition.class);
 * if (!input.violations().isEmpty()) { ... 400 with input.violations() ... }
 * RouteDefinition route = input.entity();
 * }</pre>
 *
 * @param <T> the definition record
 * @param entity the entity, or null when it could not be bound
 * @param violations binding errors, else the entity's rule violations; empty when valid
 */
public record EntityInput<T>(T entity, List<ConfigViolation> violations) {

    public EntityInput {
        violations = List.copyOf(violations);
    }

    /** Reads and checks an entity from JSON text. */
    public static <T> EntityInput<T> read(String json, Class<T> type) {
        JsonNode node;
        try {
            node = ConfigJson.json().readTree(json == null ? "" : json);
        }
        catch (JacksonException ex) {
            String reason = ex.getOriginalMessage().lines().findFirst().orElse("");
            return new EntityInput<>(null, List.of(ConfigViolation.of("", ConfigMessages.UNREADABLE, reason)));
        }
        return read(node, type);
    }

    /** Reads and checks an entity from a JSON tree. */
    public static <T> EntityInput<T> read(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return new EntityInput<>(null, List.of(new ConfigViolation("", ConfigMessages.EXPECTED_OBJECT)));
        }
        List<ConfigViolation> violations = new ArrayList<>();
        T entity = bind(node, type, "", violations);
        if (entity == null) {
            return new EntityInput<>(null, violations);
        }
        return new EntityInput<>(entity, ConfigValidator.validateEntity(entity));
    }

    /** True when the entity bound and passed its rules. */
    public boolean isValid() {
        return entity != null && violations.isEmpty();
    }

    /**
     * Binds a JSON tree to a definition record without checking its rules; on failure adds the violation
     * (under {@code path}) and returns null.
     */
    public static <T> T bind(JsonNode node, Class<T> type, String path, List<ConfigViolation> violations) {
        try {
            return ConfigJson.json().treeToValue(node, type);
        }
        catch (JacksonException ex) {
            // DatabindException for shapes, StreamReadException for e.g. a number too large for its field
            violations.add(violation(ex, path));
            return null;
        }
    }

    private static ConfigViolation violation(JacksonException ex, String path) {
        String trail = pathOf(ex);
        String fieldPath = path.isEmpty() && trail.startsWith(".") ? trail.substring(1) : path + trail;
        if (ex instanceof UnrecognizedPropertyException) {
            return new ConfigViolation(fieldPath, ConfigMessages.UNKNOWN_FIELD);
        }
        if (ex instanceof InputCoercionException coercion) {
            return ConfigViolation.of(fieldPath, ConfigMessages.WRONG_TYPE, describe(coercion.getTargetType()));
        }
        if (ex instanceof ValueInstantiationException && ex.getCause() != null) {
            return ConfigViolation.of(fieldPath, ConfigMessages.INVALID_VALUE, ex.getCause().getMessage());
        }
        if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (target == Duration.class) {
                return ConfigViolation.of(fieldPath, ConfigMessages.INVALID_VALUE, ex.getOriginalMessage());
            }
            if (target.isEnum()) {
                List<String> names = Arrays.stream(target.getEnumConstants()).map(Object::toString).toList();
                return ConfigViolation.of(fieldPath, ConfigMessages.NOT_ONE_OF, String.join(", ", names));
            }
            return ConfigViolation.of(fieldPath, ConfigMessages.WRONG_TYPE, describe(target));
        }
        return ConfigViolation.of(fieldPath, ConfigMessages.INVALID_VALUE, ex.getOriginalMessage());
    }

    private static String pathOf(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of the field's type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }

}
