package io.gatehouse.gateway.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** The one place that turns gateway errors into JSON responses: {@code {"message": …, "request_id": …}}. */
public final class ErrorResponses {

    /** Response header carrying the request id on every response. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ErrorResponses() {
    }

    /** The JSON body of an error. */
    public static String body(String message, String requestId) {
        return "{\"message\":\"" + escape(message) + "\",\"request_id\":\"" + escape(requestId) + "\"}";
    }

    /** Sends an error with the gateway's JSON body; {@code extraHeaders} (e.g. Retry-After) may be null. */
    public static Mono<Void> send(HttpServerResponse response, GatewayError error, String requestId,
            HttpHeaders extraHeaders) {
        return send(response, error.status(), error.message(), requestId, extraHeaders);
    }

    /** Sends a JSON error with an explicit status and message (plugins with configured messages). */
    public static Mono<Void> send(HttpServerResponse response, int status, String message, String requestId,
            HttpHeaders extraHeaders) {
        if (response.hasSentHeaders()) {
            return Mono.error(new IllegalStateException("response already started; cannot send " + status));
        }
        byte[] bytes = body(message, requestId).getBytes(StandardCharsets.UTF_8);
        response.status(HttpResponseStatus.valueOf(status));
        if (extraHeaders != null) {
            response.headers(extraHeaders);
        }
        response.header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length))
                .header(REQUEST_ID_HEADER, requestId);
        return response.sendByteArray(Mono.just(bytes)).then();
    }

    /** A complete HTTP/1.1 error response that closes the connection, for failures below the handler. */
    public static io.netty.handler.codec.http.FullHttpResponse full(ByteBufAllocator alloc, GatewayError error,
            String requestId) {
        byte[] bytes = body(error.message(), requestId).getBytes(StandardCharsets.UTF_8);
        io.netty.buffer.ByteBuf content = alloc.buffer(bytes.length).writeBytes(bytes);
        var response = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.status()), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, "close")
                .set(REQUEST_ID_HEADER, requestId);
        return response;
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
