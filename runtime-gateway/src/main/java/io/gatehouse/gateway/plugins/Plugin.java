package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * A gateway plugin: one handler with a {@link #priority()} (higher runs first, see {@link PluginOrder}).
 *
 * <p>Phases, after Kong: {@link #access} runs before the request is proxied and may answer it instead
 * (auth, limits, preflight); {@link #onResponse} runs when the response head is about to be sent (from
 * the upstream or from the gateway) and may change its headers; {@link #log} runs once the response is
 * complete and must not block.
 */
public interface Plugin {

    /** The plugin's configuration name, e.g. {@code key-auth}. */
    String name();

    /** Execution order; see {@link PluginOrder}. */
    int priority();

    /** Before proxying: proceed, or answer the request. */
    default Mono<Verdict> access(Exchange exchange) {
        return Verdict.PROCEED;
    }

    /** The response head is about to leave: adjust its headers. */
    default void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
    }

    /**
     * The response body should be rewritten: return the rewrite (applied to the whole body, buffered within
     * the gateway's limit), or null to let it stream through unchanged. Called after {@link #onResponse}
     * with the headers that will be sent.
     */
    default java.util.function.UnaryOperator<byte[]> responseBody(Exchange exchange, int status,
            HttpHeaders responseHeaders) {
        return null;
    }

    /** The response has been sent. */
    default void log(Exchange exchange, int status, long latencyNanos) {
    }
}
