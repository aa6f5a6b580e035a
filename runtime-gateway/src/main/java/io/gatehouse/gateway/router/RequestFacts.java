package io.gatehouse.gateway.router;

import java.util.function.Function;

/**
 * What the router looks at in a request.
 *
 * @param method  upper-case method
 * @param host    the Host header (may carry a port)
 * @param path    the request path, without the query string
 * @param header  header lookup by lower-case name; returns null when absent
 */
public record RequestFacts(String method, String host, String path, Function<String, String> header) {
}
