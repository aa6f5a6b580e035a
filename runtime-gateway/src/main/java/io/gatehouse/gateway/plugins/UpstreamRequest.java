package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.Consumer;

/**
 * The request as it will be sent upstream. Immutable: plugins derive a changed copy.
 *
 * @param path    path to send (after strip_path and the service path)
 * @param query   raw query string without '?', may be empty
 * @param headers headers (treat as read-only; use {@link #withHeaders})
 * @param body    a replacement body set by a transformer, or null to stream the client's body
 */
public record UpstreamRequest(String path, String query, HttpHeaders headers, byte[] body) {

    /** A copy whose headers were changed by {@code change}. */
    public UpstreamRequest withHeaders(Consumer<HttpHeaders> change) {
        HttpHeaders copy = new DefaultHttpHeaders().set(headers);
        change.accept(copy);
        return new UpstreamRequest(path, query, copy, body);
    }

    public UpstreamRequest withQuery(String newQuery) {
        return new UpstreamRequest(path, newQuery, headers, body);
    }

    public UpstreamRequest withBody(byte[] newBody) {
        return new UpstreamRequest(path, query, headers, newBody);
    }

    /** Path and query as they go on the request line. */
    public String pathAndQuery() {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
