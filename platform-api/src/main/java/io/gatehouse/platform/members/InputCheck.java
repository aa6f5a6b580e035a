package io.gatehouse.platform.members;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.validation.Validator;

/** Bean Validation of commands that services receive from more than one surface (console forms, API). */
@Component
class InputCheck {

    private final Validator validator;

    InputCheck(Validator validator) {
        this.validator = validator;
    }

    void check(Object command) {
        List<FieldViolation> violations = validator.validate(command).stream()
                .map(v -> new FieldViolation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldViolation::field))
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
    }
}
