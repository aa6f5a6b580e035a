package io.gatehouse.gateway.plugins.requesttransformer;

import io.gatehouse.gateway.plugins.BodyFormats;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.HeaderEdits;
import io.gatehouse.gateway.plugins.JsonEdits;
import io.gatehouse.gateway.plugins.MultipartEdits;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.UpstreamRequest;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import io.gatehouse.gateway.server.RequestIds;
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
 * <p>Body edits apply to JSON objects, URL-encoded forms and multipart forms (by the request's
 * {@code Content-Type}); the body is then buffered within the gateway's limit (413 past it). A JSON or form body
 * that does not parse, or a body of another type, goes upstream unchanged, as in Kong. A multipart body is edited
 * part by part ({@link MultipartEdits}: file parts pass byte for byte, an unedited body is sent exactly as
 * received); one without a valid boundary or that does not parse is answered with a 400, since its fields cannot
 * be edited and the upstream would otherwise see the fields this plugin was told to remove. When a value to add
 * holds the delimiter, the body gets a fresh boundary and the {@code Content-Type} says so. An empty JSON, form
 * or multipart body counts as an empty one, so {@code add} can fill it.
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
        if (kind == BodyFormats.Kind.MULTIPART) {
            return editMultipart(exchange);
        }
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

    private Mono<Verdict> editMultipart(Exchange exchange) {
        String boundary = BodyFormats.boundary(exchange.upstream().headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (boundary == null) {
            return Mono.just(new Verdict.Reject(GatewayError.INVALID_MULTIPART_BODY));
        }
        return exchange.body().map(body -> {
            List<BodyFormats.Part> parts = body.length == 0 ? List.of() : BodyFormats.multipart(body, boundary);
            if (parts == null) {
                return new Verdict.Reject(GatewayError.INVALID_MULTIPART_BODY);
            }
            MultipartEdits.Result edited = MultipartEdits.apply(parts, config.remove().body(), config.rename().body(),
                    config.replace().body(), config.add().body(), config.append().body());
            if (!edited.changed()) {
                return new Verdict.Proceed();
            }
            String used = boundaryFor(edited.parts(), boundary);
            byte[] rewritten = BodyFormats.multipart(edited.parts(), used);
            exchange.upstream(request -> {
                UpstreamRequest withBody = request.withBody(rewritten);
                return used.equals(boundary) ? withBody : withBody.withHeaders(h -> h.set(HttpHeaderNames.CONTENT_TYPE,
                        "multipart/form-data; boundary=" + used));
            });
            return new Verdict.Proceed();
        });
    }

    /** The received boundary, or a fresh one when a part's content (a value from the config) holds its delimiter. */
    private static String boundaryFor(List<BodyFormats.Part> parts, String boundary) {
        String candidate = boundary;
        while (clashes(parts, candidate)) {
            candidate = "gatehouse-" + RequestIds.next();
        }
        return candidate;
    }

    private static boolean clashes(List<BodyFormats.Part> parts, String boundary) {
        for (BodyFormats.Part part : parts) {
            if (BodyFormats.containsDelimiter(part.content(), boundary)) {
                return true;
            }
        }
        return false;
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
