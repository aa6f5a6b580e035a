package io.gatehouse.gateway.router;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A compiled route: what the router matches a request against. Built from a route definition of the
 * config language; the router itself never sees definitions.
 *
 * @param id            unique id (used in metrics and plugin scoping)
 * @param name          display name, may equal the id
 * @param serviceId     the service requests matching this route are proxied to
 * @param hosts         exact hosts ({@code api.example.com}) or wildcards ({@code *.example.com}, {@code api.example.*})
 * @param paths         prefix paths ({@code /orders}) or regexes starting with {@code ~} ({@code ~/orders/(?<id>\d+)$})
 * @param methods       upper-case HTTP methods; empty matches any
 * @param headers       header name (lower case) → accepted values (any one, case-insensitive); empty matches any
 * @param regexPriority among regex paths of the same specificity, higher is tried first
 * @param priority      an explicit tie breaker between routes of the same specificity, higher first
 * @param stripPath     remove the matched path prefix before forwarding
 * @param preserveHost  forward the client's Host header instead of the upstream's host
 * @param snis          TLS server names (exact or {@code *.example.com}); empty matches any connection
 * @param protocols     schemes the route serves ({@code http}, {@code https}); a plain-HTTP request to an
 *                      HTTPS-only route is answered with {@code httpsRedirectStatusCode}, not proxied
 * @param httpsRedirectStatusCode 426 (Upgrade Required, Kong's default) or 301/302/307/308 with a Location
 */
public record Route(
        String id,
        String name,
        String serviceId,
        Set<String> hosts,
        List<String> paths,
        Set<String> methods,
        Map<String, List<String>> headers,
        int regexPriority,
        int priority,
        boolean stripPath,
        boolean preserveHost,
        Set<String> snis,
        Set<String> protocols,
        int httpsRedirectStatusCode) {

    /** Kong's default protocols of a route. */
    public static final Set<String> HTTP_AND_HTTPS = Set.of("http", "https");

    /** A route serving both schemes. */
    public Route(String id, String name, String serviceId, Set<String> hosts, List<String> paths, Set<String> methods,
            Map<String, List<String>> headers, int regexPriority, int priority, boolean stripPath, boolean preserveHost,
            Set<String> snis) {
        this(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, stripPath, preserveHost,
                snis, HTTP_AND_HTTPS, 426);
    }

    /** A route without SNI rules. */
    public Route(String id, String name, String serviceId, Set<String> hosts, List<String> paths, Set<String> methods,
            Map<String, List<String>> headers, int regexPriority, int priority, boolean stripPath, boolean preserveHost) {
        this(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, stripPath, preserveHost,
                Set.of());
    }

    public Route {
        // compiling 100,000 routes makes these sets 400,000 times, most of them empty: no stream for an empty one
        protocols = Set.copyOf(protocols);
        snis = snis.isEmpty() ? Set.of()
                : snis.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        hosts = hosts.isEmpty() ? Set.of()
                : hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        paths = List.copyOf(paths);
        methods = methods.isEmpty() ? Set.of()
                : methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (headers.isEmpty()) {
            headers = Map.of();
        } else {
            TreeMap<String, List<String>> normalized = new TreeMap<>();
            headers.forEach((k, v) -> normalized.put(k.toLowerCase(Locale.ROOT),
                    v.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()));
            headers = Map.copyOf(normalized);
        }
    }

    /** A route matching the given path prefixes on any host and method, proxied to {@code serviceId}. */
    public static Route ofPaths(String id, String serviceId, String... paths) {
        return new Route(id, id, serviceId, Set.of(), List.of(paths), Set.of(), Map.of(), 0, 0, true, false);
    }

    public Route withHosts(String... newHosts) {
        return new Route(id, name, serviceId, Set.of(newHosts), paths, methods, headers, regexPriority, priority,
                stripPath, preserveHost, snis, protocols, httpsRedirectStatusCode);
    }

    public Route withMethods(String... newMethods) {
        return new Route(id, name, serviceId, hosts, paths, Set.of(newMethods), headers, regexPriority, priority,
                stripPath, preserveHost, snis, protocols, httpsRedirectStatusCode);
    }

    public Route withHeaders(Map<String, List<String>> newHeaders) {
        return new Route(id, name, serviceId, hosts, paths, methods, newHeaders, regexPriority, priority,
                stripPath, preserveHost, snis, protocols, httpsRedirectStatusCode);
    }

    public Route withPriorities(int newRegexPriority, int newPriority) {
        return new Route(id, name, serviceId, hosts, paths, methods, headers, newRegexPriority, newPriority,
                stripPath, preserveHost, snis, protocols, httpsRedirectStatusCode);
    }

    public Route withStripPath(boolean strip) {
        return new Route(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, strip,
                preserveHost, snis, protocols, httpsRedirectStatusCode);
    }

    public Route withSnis(String... names) {
        return new Route(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, stripPath,
                preserveHost, Set.of(names), protocols, httpsRedirectStatusCode);
    }

    /** A copy serving only {@code newProtocols}, answering plain HTTP with {@code redirectStatus} when https only. */
    public Route withProtocols(int redirectStatus, String... newProtocols) {
        return new Route(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, stripPath,
                preserveHost, snis, Set.of(newProtocols), redirectStatus);
    }

    /** True when a request over {@code scheme} ({@code http} or {@code https}) may be proxied. */
    public boolean serves(String scheme) {
        return protocols.contains(scheme);
    }

    public Route withPreserveHost(boolean preserve) {
        return new Route(id, name, serviceId, hosts, paths, methods, headers, regexPriority, priority, stripPath,
                preserve, snis, protocols, httpsRedirectStatusCode);
    }
}
