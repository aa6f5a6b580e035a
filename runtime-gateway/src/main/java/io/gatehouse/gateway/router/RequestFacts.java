package io.gatehouse.gateway.router;

import java.util.function.Function;

/**
 * What the router looks at in a request.
 *
 * @param method  upper-case method
 * @param host    the Host header (may carry a port)
 * @param path    the request path, without the query string
 * @param header  header lookup by lower-case name; returns null when absent
 * @param sni     the TLS server name the client asked for, or null (cleartext, or none sent)
 */
public record RequestFacts(String method, String host, String path, Function<String, String> header, String sni) {

    /** A cleartext request (no SNI). */
    public RequestFacts(String method, String host, String path, Function<String, String> header) {
        this(method, host, path, header, null);
    }
}
