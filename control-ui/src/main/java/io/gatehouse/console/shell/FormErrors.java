package io.gatehouse.console.shell;

import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * Puts the field messages of a rejected command next to the fields of the form that sent it. A form
 * controller catches {@link InvalidInputException} (and a field-specific conflict) and re-renders its form;
 * every other error goes to {@link ConsoleErrors}.
 */
public final class FormErrors {

    private FormErrors() {
    }

    /** Adds every violation to its field; one about a field the form does not have becomes a form-level error. */
    public static void reject(BindingResult form, InvalidInputException e) {
        for (FieldViolation violation : e.violations()) {
            reject(form, violation.field(), violation.message());
        }
    }

    /** Adds a message to a field of the form, or to the form as a whole if it has no such field. */
    public static void reject(BindingResult form, String field, String message) {
        if (field != null && form.getFieldType(field) != null) {
            form.rejectValue(field, "invalid", message);
        } else {
            form.reject("invalid", field == null ? message : field + " " + message);
        }
    }

    /** The message of a binding error in words a user understands (type mismatches have no default message). */
    public static String message(FieldError error) {
        if (error.isBindingFailure()) {
            return "is not a valid value";
        }
        return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
    }
}
