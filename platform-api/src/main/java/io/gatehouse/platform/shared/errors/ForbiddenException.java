package io.gatehouse.platform.shared.errors;

/** The caller is known and may see the resource, but lacks the role for this action: a 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
