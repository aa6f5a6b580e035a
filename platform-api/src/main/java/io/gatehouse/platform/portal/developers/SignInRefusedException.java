package io.gatehouse.platform.portal.developers;

/** A developer's sign-in was refused; {@link #reason()} says why, the message says it in words for the page. */
public class SignInRefusedException extends RuntimeException {

    /** Why a sign-in was refused. */
    public enum Reason { BAD_CREDENTIALS, THROTTLED, UNVERIFIED, PENDING, REJECTED, SUSPENDED }

    private final Reason reason;

    public SignInRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
