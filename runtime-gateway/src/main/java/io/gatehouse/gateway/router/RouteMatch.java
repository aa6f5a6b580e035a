package io.gatehouse.gateway.router;

import java.util.Map;

/**
 * The route a request matched, with what the match captured.
 *
 * @param route        the winning route
 * @param matchedPath  the part of the request path the route's path matched (its prefix, or the regex match);
 *                     empty when the route has no path
 * @param captures     named groups of a regex path ({@code (?<id>\d+)} → {@code id}); usable by plugins
 */
public record RouteMatch(Route route, String matchedPath, Map<String, String> captures) {

    public RouteMatch {
        captures = Map.copyOf(captures);
    }

    /** The path to forward upstream: the request path without the matched part when the route strips it. */
    public String forwardedPath(String requestPath) {
        if (!route.stripPath() || matchedPath.isEmpty() || !requestPath.startsWith(matchedPath)) {
            return requestPath;
        }
        String rest = requestPath.substring(matchedPath.length());
        return rest.startsWith("/") ? rest : "/" + rest;
    }
}
