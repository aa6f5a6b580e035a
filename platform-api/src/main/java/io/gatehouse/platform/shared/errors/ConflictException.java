package io.gatehouse.platform.shared.errors;

/** The request clashes with the current state (a duplicate name, a referenced entity, a stale version): a 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
