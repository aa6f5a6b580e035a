package io.gatehouse.platform.shared.errors;

/**
 * One bad input field: {@code field} is a JSON-pointer-like path (e.g. {@code routes[0].paths[1]}), and
 * {@code message} tells the user what is wrong in words they can act on.
 */
public record FieldViolation(String field, String message) {
}
