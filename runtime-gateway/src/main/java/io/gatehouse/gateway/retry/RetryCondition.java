package io.gatehouse.gateway.retry;

import java.util.Locale;

/**
 * One entry of MeshRetry's {@code retryOn}: a named condition, an HTTP method condition, or a literal
 * status code.
 *
 * @param kind   the condition
 * @param status for {@link Kind#STATUS}: the status code
 * @param method for {@link Kind#HTTP_METHOD}: the upper-case method
 */
public record RetryCondition(Kind kind, int status, String method) {

    /** The HTTP conditions MeshRetry defines. */
    public enum Kind {
        /** Any 5xx response, or a connect failure, reset or timeout. */
        SERVER_ERROR,
        /** 502, 503 or 504, or a connect failure, reset or timeout. */
        GATEWAY_ERROR,
        /** The upstream closed or reset the connection before answering, or did not answer in time. */
        RESET,
        /** 409 Conflict. */
        RETRIABLE_4XX,
        /** The connection to the target could not be established. */
        CONNECT_FAILURE,
        /** An HTTP/2 upstream refused the stream (REFUSED_STREAM). */
        REFUSED_STREAM,
        /** Restricts retries to the listed request methods. */
        HTTP_METHOD,
        /** A literal response status. */
        STATUS
    }

    /**
     * Parses a MeshRetry {@code retryOn} value: {@code 5xx}, {@code GatewayError}, {@code Reset},
     * {@code Retriable4xx}, {@code ConnectFailure}, {@code RefusedStream}, {@code HttpMethodGet} … or a status
     * code such as {@code "503"}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RetryCondition parse(String value) {
        String v = value.trim();
        if (isStatus(v)) {
            return new RetryCondition(Kind.STATUS, Integer.parseInt(v), null);
        }
        if (v.startsWith("HttpMethod") && v.length() > "HttpMethod".length()) {
            String method = v.substring("HttpMethod".length()).toUpperCase(Locale.ROOT);
            if (!java.util.Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE")
                    .contains(method)) {
                throw new IllegalArgumentException("unknown retryOn method condition: " + value);
            }
            return new RetryCondition(Kind.HTTP_METHOD, 0, method);
        }
        Kind kind = switch (v.toLowerCase(Locale.ROOT)) {
            case "5xx" -> Kind.SERVER_ERROR;
            case "gatewayerror" -> Kind.GATEWAY_ERROR;
            case "reset" -> Kind.RESET;
            case "retriable4xx" -> Kind.RETRIABLE_4XX;
            case "connectfailure" -> Kind.CONNECT_FAILURE;
            case "refusedstream" -> Kind.REFUSED_STREAM;
            default -> throw new IllegalArgumentException("unknown retryOn condition: " + value);
        };
        return new RetryCondition(kind, 0, null);
    }

    /** {@code [1-5][0-9][0-9]} without compiling a pattern per call (every service's policy is parsed per compile). */
    private static boolean isStatus(String v) {
        return v.length() == 3 && v.charAt(0) >= '1' && v.charAt(0) <= '5' && v.charAt(1) >= '0' && v.charAt(1) <= '9'
                && v.charAt(2) >= '0' && v.charAt(2) <= '9';
    }
}
