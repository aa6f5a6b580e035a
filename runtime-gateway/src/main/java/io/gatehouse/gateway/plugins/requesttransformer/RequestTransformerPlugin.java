package io.gatehouse.gateway.plugins.requesttransformer;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.HeaderEdits;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.UpstreamRequest;
import io.gatehouse.gateway.plugins.Verdict;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * request-transformer: edits the upstream request's headers, query string and path ({@code replace.uri})
 * before it is proxied. Body and method rewriting are not supported by this gateway; a config asking
 * for them is refused when it is compiled.
 */
public final class RequestTransformerPlugin implements Plugin {

    /** Why a config was refused. */
    public static final String UNSUPPORTED = "request-transformer: body and http_method rewriting are not supported";

    private final RequestTransformerConfig config;

    public RequestTransformerPlugin(RequestTransformerConfig config) {
        if (config.httpMethod() != null || !body(config).isEmpty()) {
            throw new IllegalArgumentException(UNSUPPORTED);
        }
        this.config = config;
    }

    private static List<String> body(RequestTransformerConfig c) {
        List<String> all = new java.util.ArrayList<>();
        all.addAll(c.remove().body());
        all.addAll(c.rename().body());
        all.addAll(c.replace().body());
        all.addAll(c.add().body());
        all.addAll(c.append().body());
        return all;
    }

    @Override
    public String name() {
        return RequestTransformerConfig.NAME;
    }

    @Override
    public int priority() {
        return RequestTransformerConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        exchange.upstream(request -> {
            UpstreamRequest changed = request.withHeaders(h -> HeaderEdits.apply(h, config.remove().headers(),
                    config.rename().headers(), config.replace().headers(), config.add().headers(), config.append().headers()));
            changed = changed.withQuery(HeaderEdits.applyToQuery(changed.query(), config.remove().querystring(),
                    config.rename().querystring(), config.replace().querystring(), config.add().querystring(),
                    config.append().querystring()));
            String uri = config.replace().uri();
            return uri == null || uri.isEmpty() ? changed
                    : new UpstreamRequest(uri, changed.query(), changed.headers(), changed.body());
        });
        return Verdict.PROCEED;
    }
}
