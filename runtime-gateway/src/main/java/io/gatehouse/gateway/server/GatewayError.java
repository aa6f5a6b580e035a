package io.gatehouse.gateway.server;

/**
 * Every error the gateway itself answers with: the status and the message clients see. The one place
 * that turns them into responses is {@link ErrorResponses}.
 */
public enum GatewayError {
    BAD_REQUEST(400, "Bad request"),
    INVALID_MULTIPART_BODY(400, "Invalid multipart/form-data body"),
    UNAUTHORIZED_NO_KEY(401, "No API key found in request"),
    UNAUTHORIZED_INVALID_KEY(401, "Invalid authentication credentials"),
    UNAUTHORIZED_NO_CREDENTIALS(401, "Unauthorized"),
    UNAUTHORIZED_INVALID_TOKEN(401, "Invalid token"),
    UNAUTHORIZED_TOKEN_EXPIRED(401, "Token expired"),
    FORBIDDEN_CONSUMER(403, "You cannot consume this service"),
    FORBIDDEN_IP(403, "Your IP address is not allowed"),
    NO_ROUTE(404, "no Route matched with those values"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    HTTPS_REQUIRED(426, "Please use HTTPS protocol"),
    LENGTH_REQUIRED(411, "A valid Content-Length header is required"),
    PAYLOAD_TOO_LARGE(413, "Request size limit exceeded"),
    URI_TOO_LONG(414, "URI too long"),
    RATE_LIMITED(429, "API rate limit exceeded"),
    HEADERS_TOO_LARGE(431, "Request header fields too large"),
    INTERNAL(500, "An unexpected error occurred"),
    BAD_GATEWAY(502, "An invalid response was received from the upstream server"),
    NO_HEALTHY_UPSTREAM(503, "failure to get a peer from the ring-balancer"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    UPSTREAM_TIMEOUT(504, "The upstream server is timing out");

    private final int status;
    private final String message;

    GatewayError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }
}
