package io.gatehouse.gateway.sync;

/**
 * The WebSocket close codes of the protocol (4000–4999 is the private-use range of RFC 6455). The
 * close reason text always says what happened in words.
 */
public final class CloseCodes {

    /** No token, an unknown token or a malformed one. */
    public static final int UNAUTHORIZED = 4001;
    /** The token was revoked (also closes live sessions). */
    public static final int TOKEN_REVOKED = 4003;
    /** The gateway speaks a protocol version the control plane does not serve. */
    public static final int PROTOCOL_UNSUPPORTED = 4005;
    /** A message could not be read, or came out of order (for example anything before hello). */
    public static final int PROTOCOL_ERROR = 4006;
    /** No heartbeat arrived within the heartbeat timeout. */
    public static final int HEARTBEAT_TIMEOUT = 4008;
    /** The control plane of the token was deleted. */
    public static final int CONTROL_PLANE_GONE = 4004;
    /** The control plane replica is shutting down; reconnect (to another replica). */
    public static final int GOING_AWAY = 1001;

    private CloseCodes() {
    }

    /**
     * Whether a close code says that retrying soon cannot help (the token, the control plane or the
     * protocol version is wrong): a gateway then waits its longest back-off before dialing again.
     */
    public static boolean permanent(int code) {
        return code == UNAUTHORIZED || code == TOKEN_REVOKED || code == PROTOCOL_UNSUPPORTED
                || code == CONTROL_PLANE_GONE;
    }
}
