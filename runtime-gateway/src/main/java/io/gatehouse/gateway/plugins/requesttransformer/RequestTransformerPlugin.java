package io.gatehouse.gateway.plugins.requesttransformer;

import io.gatehouse.gateway.plugins.BodyFormats;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.HeaderEdits;
import io.gatehouse.gateway.plugins.JsonEdits;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.UpstreamRequest;
import io.gatehouse.gateway.plugins.Verdict;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * request-transformer: edits the upstream request's method ({@code http_method}), headers, query string,
 * path ({@code replace.uri}) and body fields, in Kong's order remove, rename, replace, add, append.
 *
 * <p>Body edits apply to JSON objects and URL-encoded forms (by the request's {@code Content-Type}); the body
 * is then buffered within the gateway's limit (413 past it). A body of another type, or one that does not
 * parse, goes upstream unchanged, as in Kong — never a 4xx/5xx of the gateway's own. An empty JSON or form
 * body counts as an empty object, so {@code add} can fill it.
 */
public final class RequestTransformerPlugin implements Plugin {

    private final RequestTransformerConfig config;
    private final boolean editsBody;

    public RequestTransformerPlugin(RequestTransformerConfig config) {
        this.config = config;
        this.editsBody = !config.remove().body().isEmpty() || !config.rename().body().isEmpty()
                || !config.replace().body().isEmpty() || !config.add().body().isEmpty() || !config.append().body().isEmpty();
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
        if (config.httpMethod() != null && !config.httpMethod().isEmpty()) {
            exchange.upstreamMethod(config.httpMethod());
        }
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
        if (!editsBody) {
            return Verdict.PROCEED;
        }
        BodyFormats.Kind kind = BodyFormats.Kind.of(exchange.upstream().headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (kind != BodyFormats.Kind.JSON && kind != BodyFormats.Kind.FORM) {
            return Verdict.PROCEED;
        }
        return exchange.body().map(body -> {
            byte[] edited = kind == BodyFormats.Kind.JSON ? editJson(body) : editForm(body);
            if (edited != null) {
                exchange.upstream(request -> request.withBody(edited));
            }
            return new Verdict.Proceed();
        });
    }

    /** The edited JSON body, or null to leave it as it is (not a JSON object). */
    private byte[] editJson(byte[] body) {
        ObjectNode json = body.length == 0 ? JsonNodeFactory.instance.objectNode() : BodyFormats.jsonObject(body);
        if (json == null) {
            return null;
        }
        JsonEdits.apply(json, config.remove().body(), config.rename().body(), config.replace().body(), config.add().body(),
                config.append().body(), (text, operation, index) -> JsonNodeFactory.instance.stringNode(text));
        return BodyFormats.json(json);
    }

    private byte[] editForm(byte[] body) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(BodyFormats.form(body));
        String edited = HeaderEdits.applyToQuery(io.gatehouse.gateway.plugins.QueryStrings.format(pairs),
                config.remove().body(), config.rename().body(), config.replace().body(), config.add().body(),
                config.append().body());
        return edited.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
