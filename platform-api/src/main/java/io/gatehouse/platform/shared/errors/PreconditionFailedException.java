package io.gatehouse.platform.shared.errors;

/** An {@code If-Match} precondition did not hold: the resource changed since the caller read it (412). */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
