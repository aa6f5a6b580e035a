package io.gatehouse.gateway.plugins.cors;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * cors: answers preflight requests ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) itself, and adds the CORS headers to other responses for
 * allowed origins. Origins are {@code *}, exact origins, or regular expressions.
 */
public final class CorsPlugin implements Plugin {

    private final CorsConfig config;
    private final List<Pattern> originPatterns;
    private final boolean anyOrigin;

    public CorsPlugin(CorsConfig config) {
        this.config = config;
        this.anyOrigin = config.origins() == null || config.origins().isEmpty() || config.origins().contains("*");
        this.originPatterns = anyOrigin ? List.of()
                : config.origins().stream().map(o -> Pattern.compile(o.matches("[a-zA-Z0-9:/._-]+") ? Pattern.quote(o) : o))
                        .toList();
    }

    @Override
    public String name() {
        return CorsConfig.NAME;
    }

    @Override
    public int priority() {
        return CorsConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        HttpHeaders request = exchange.requestHeaders();
        String origin = request.get("Origin");
        boolean preflight = "OPTIONS".equals(exchange.method()) && origin != null
                && request.get("Access-Control-Request-Method") != null;
        if (!preflight || config.preflightContinue()) {
            return Verdict.PROCEED;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        allowOrigin(origin, headers);
        headers.set("Access-Control-Allow-Methods", String.join(",", config.methods()));
        String requested = request.get("Access-Control-Request-Headers");
        if (config.headers() != null && !config.headers().isEmpty()) {
            headers.set("Access-Control-Allow-Headers", String.join(",", config.headers()));
        } else if (requested != null) {
            headers.set("Access-Control-Allow-Headers", requested);
        }
        if (config.maxAge() != null) {
            headers.set("Access-Control-Max-Age", config.maxAge());
        }
        if (config.privateNetwork() && "true".equalsIgnoreCase(request.get("Access-Control-Request-Private-Network"))) {
            headers.set("Access-Control-Allow-Private-Network", "true");
        }
        return Mono.just(new Verdict.Respond(200, headers));
    }

    @Override
    public void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
        String origin = exchange.requestHeaders().get("Origin");
        if (origin == null || responseHeaders.contains("Access-Control-Allow-Methods")) {
            return;
        }
        allowOrigin(origin, responseHeaders);
        if (config.exposedHeaders() != null && !config.exposedHeaders().isEmpty()) {
            responseHeaders.set("Access-Control-Expose-Headers", String.join(",", config.exposedHeaders()));
        }
    }

    private void allowOrigin(String origin, HttpHeaders headers) {
        if (anyOrigin && !config.credentials()) {
            headers.set("Access-Control-Allow-Origin", "*");
        } else if (anyOrigin || originPatterns.stream().anyMatch(p -> p.matcher(origin).matches())) {
            headers.set("Access-Control-Allow-Origin", origin);
            headers.add("Vary", "Origin");
        }
        if (config.credentials()) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
    }
}
