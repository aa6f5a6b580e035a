package io.gatehouse.support.web;

import org.springframework.validation.BindingResult;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * Puts the field messages of a rejected command next to the fields of the support page that sent it: the
 * support pages' counterpart of the console's {@code FormErrors}, which support-portal cannot see (the
 * dependencies point from the console to the desk). A violation about a field the form does not have
 * becomes a form-level error.
 */
public final class PageForms {

    private PageForms() {
    }

    /** Adds every violation to its field. */
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
            form.reject("invalid", message);
        }
    }
}
