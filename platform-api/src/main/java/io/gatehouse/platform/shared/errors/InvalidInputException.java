package io.gatehouse.platform.shared.errors;

import java.util.List;

/** Input that fails validation: a 400 listing every bad field, or a message when no field is to blame. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidInputException(String message, List<FieldViolation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException("Validation failed", List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
