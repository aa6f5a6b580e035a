package io.gatehouse.gateway.plugins.requestsize;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import reactor.core.publisher.Mono;

/**
 * request-size-limiting: a declared Content-Length above the limit is a 413 at once; a body without
 * one (chunked) is counted while it streams and cut with a 413 when it grows past the limit.
 */
public final class RequestSizeLimitingPlugin implements Plugin {

    private final RequestSizeLimitingConfig config;
    private final long limitBytes;

    public RequestSizeLimitingPlugin(RequestSizeLimitingConfig config) {
        this.config = config;
        long unit = switch (config.sizeUnit() == null ? "megabytes" : config.sizeUnit()) {
            case "bytes" -> 1;
            case "kilobytes" -> 1024;
            default -> 1024 * 1024;
        };
        this.limitBytes = config.allowedPayloadSize() * unit;
    }

    @Override
    public String name() {
        return RequestSizeLimitingConfig.NAME;
    }

    @Override
    public int priority() {
        return RequestSizeLimitingConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        long declared = exchange.contentLength();
        boolean chunked = exchange.requestHeaders().containsValue("Transfer-Encoding", "chunked", true);
        if (declared < 0 && config.requireContentLength() && chunked) {
            return Mono.just(new Verdict.Reject(GatewayError.LENGTH_REQUIRED));
        }
        if (declared > limitBytes) {
            return Mono.just(new Verdict.Reject(GatewayError.PAYLOAD_TOO_LARGE));
        }
        exchange.limitBody(Math.max(1, limitBytes));
        return Verdict.PROCEED;
    }
}
