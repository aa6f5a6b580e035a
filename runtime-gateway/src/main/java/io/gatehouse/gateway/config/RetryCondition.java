package io.gatehouse.gateway.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The named {@code retry_on} conditions of MeshRetry (HTTP). Besides these, {@code retry_on} accepts
 * any literal HTTP status code from 100 to 599 written as a string ({@code "429"}).
 */
public enum RetryCondition {

    /** Any 5xx response, or no response at all (reset, connect failure, timeout). Also written {@code 5xx}. */
    STATUS_5XX("5XX"),
    /** 502, 503 or 504. */
    GATEWAY_ERROR("GatewayError"),
    /** The upstream reset the connection or stream, or did not answer at all. */
    RESET("Reset"),
    /** 409 Conflict. */
    RETRIABLE_4XX("Retriable4xx"),
    /** The connection to the upstream could not be opened. */
    CONNECT_FAILURE("ConnectFailure"),
    /** The upstream refused an HTTP/2 stream (REFUSED_STREAM). */
    REFUSED_STREAM("RefusedStream"),
    HTTP_METHOD_CONNECT("HttpMethodConnect"),
    HTTP_METHOD_DELETE("HttpMethodDelete"),
    HTTP_METHOD_GET("HttpMethodGet"),
    HTTP_METHOD_HEAD("HttpMethodHead"),
    HTTP_METHOD_OPTIONS("HttpMethodOptions"),
    HTTP_METHOD_PATCH("HttpMethodPatch"),
    HTTP_METHOD_POST("HttpMethodPost"),
    HTTP_METHOD_PUT("HttpMethodPut"),
    HTTP_METHOD_TRACE("HttpMethodTrace");

    private final String spelling;

    RetryCondition(String spelling) {
        this.spelling = spelling;
    }

    /** The spelling used in config. */
    public String spelling() {
        return spelling;
    }

    /** For {@code HttpMethod*} conditions, the HTTP method they name; empty otherwise. */
    public Optional<String> httpMethod() {
        return name().startsWith("HTTP_METHOD_") ? Optional.of(name().substring("HTTP_METHOD_".length()))
                : Optional.empty();
    }

    /** The named condition for a spelling (case-insensitive, so {@code 5xx} and {@code HttpMethodGET} work). */
    public static Optional<RetryCondition> fromSpelling(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        for (RetryCondition condition : values()) {
            if (condition.spelling.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** The literal status code a {@code retry_on} entry names, if it is one (100–599). */
    public static Optional<Integer> statusCode(String text) {
        if (text == null || !text.matches("\\d{3}")) {
            return Optional.empty();
        }
        int code = Integer.parseInt(text);
        return code >= 100 && code <= 599 ? Optional.of(code) : Optional.empty();
    }

}
