package io.gatehouse.gateway.config.declarative;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Binds one entity's JSON tree to its definition record and turns Jackson's errors into field
 * violations (unknown field, wrong type) under the entity's path in the file.
 */
final class EntityBinder {

	private EntityBinder() {
	}

	/** The bound entity, or null after adding the violation that prevented binding. */
	static <T> T bind(JsonNode node, Class<T> type, String path, List<ConfigViolation> violations) {
		try {
			return ConfigJson.json().treeToValue(node, type);
		}
		catch (DatabindException ex) {
			violations.add(violation(ex, path));
			return null;
		}
	}

	static ConfigViolation violation(DatabindException ex, String path) {
		String fieldPath = path + pathOf(ex);
		if (ex instanceof UnrecognizedPropertyException) {
			return new ConfigViolation(fieldPath, ConfigMessages.UNKNOWN_FIELD);
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
				List<String> names = java.util.Arrays.stream(target.getEnumConstants()).map(Object::toString).toList();
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
