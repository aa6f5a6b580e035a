package io.gatehouse.gateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTests {

    private static Optional<RouteMatch> match(Router router, String method, String host, String path,
            Map<String, String> headers) {
        return router.match(new RequestFacts(method, host, path, headers::get));
    }

    private static String winner(Router router, String method, String host, String path) {
        return match(router, method, host, path, Map.of()).map(m -> m.route().id()).orElse("none");
    }

    @Test
    void longestPrefixWins() {
        Router router = Router.compile(List.of(Route.ofPaths("short", "s", "/api"),
                Route.ofPaths("long", "s", "/api/orders"), Route.ofPaths("root", "s", "/")));

        assertThat(winner(router, "GET", "x", "/api/orders/7")).isEqualTo("long");
        assertThat(winner(router, "GET", "x", "/api/users")).isEqualTo("short");
        assertThat(winner(router, "GET", "x", "/other")).isEqualTo("root");
        assertThat(match(router, "GET", "x", "/api/orders/7", Map.of()).orElseThrow().matchedPath())
                .isEqualTo("/api/orders");
    }

    @Test
    void prefixesMatchCharacterByCharacterAcrossSegments() {
        Router router = Router.compile(List.of(Route.ofPaths("short", "s", "/svc1"),
                Route.ofPaths("deep", "s", "/svc12/items"), Route.ofPaths("slash", "s", "/svc12/")));

        assertThat(winner(router, "GET", "x", "/svc12/items/3")).isEqualTo("deep");
        assertThat(winner(router, "GET", "x", "/svc12/other")).isEqualTo("slash");
        assertThat(winner(router, "GET", "x", "/svc12")).isEqualTo("short");
        assertThat(winner(router, "GET", "x", "/svc1999/a")).isEqualTo("short");
        assertThat(winner(router, "GET", "x", "/svc2")).isEqualTo("none");
    }

    @Test
    void sniRulesMatchTheTlsServerName() {
        Router router = Router.compile(List.of(Route.ofPaths("any", "s", "/"),
                Route.ofPaths("tls", "s", "/").withSnis("secure.test", "*.tenants.test")));
        assertThat(router.match(new RequestFacts("GET", "x", "/a", h -> null, "secure.test")).orElseThrow().route().id())
                .isEqualTo("tls");
        assertThat(router.match(new RequestFacts("GET", "x", "/a", h -> null, "a.tenants.test")).orElseThrow().route()
                .id()).isEqualTo("tls");
        assertThat(router.match(new RequestFacts("GET", "x", "/a", h -> null, "other.test")).orElseThrow().route().id())
                .isEqualTo("any");
        assertThat(winner(router, "GET", "x", "/a")).isEqualTo("any");
    }

    @Test
    void exactAndWildcardHosts() {
        Router router = Router.compile(List.of(
                Route.ofPaths("exact", "s", "/").withHosts("api.example.com"),
                Route.ofPaths("suffix", "s", "/").withHosts("*.example.com"),
                Route.ofPaths("prefix", "s", "/").withHosts("shop.example.*"),
                Route.ofPaths("ported", "s", "/").withHosts("ported.test:8080")));

        assertThat(winner(router, "GET", "api.example.com", "/")).isEqualTo("exact");
        assertThat(winner(router, "GET", "API.Example.com:8000", "/")).isEqualTo("exact");
        assertThat(winner(router, "GET", "eu.api.example.com", "/")).isEqualTo("suffix");
        assertThat(winner(router, "GET", "shop.example.org", "/")).isEqualTo("prefix");
        assertThat(winner(router, "GET", "shop.example.com", "/")).isEqualTo("suffix");
        assertThat(winner(router, "GET", "ported.test:8080", "/")).isEqualTo("ported");
        assertThat(winner(router, "GET", "example.net", "/")).isEqualTo("none");
    }

    @Test
    void regexPathsCaptureNamedGroupsAndStripTheMatch() {
        Router router = Router.compile(List.of(
                Route.ofPaths("order", "s", "~/orders/(?<id>\\d+)/items/(?<item>[a-z]+)$"),
                Route.ofPaths("orders", "s", "/orders")));

        RouteMatch m = match(router, "GET", "x", "/orders/42/items/abc", Map.of()).orElseThrow();
        assertThat(m.route().id()).isEqualTo("order");
        assertThat(m.captures()).containsEntry("id", "42").containsEntry("item", "abc");
        assertThat(m.forwardedPath("/orders/42/items/abc")).isEqualTo("/");
        assertThat(winner(router, "GET", "x", "/orders/x/items/abc")).isEqualTo("orders");
    }

    @Test
    void regexPriorityOrdersRegexRoutes() {
        Router router = Router.compile(List.of(
                Route.ofPaths("low", "s", "~/v\\d+/.*").withPriorities(1, 0),
                Route.ofPaths("high", "s", "~/v1/.*").withPriorities(5, 0)));
        assertThat(winner(router, "GET", "x", "/v1/a")).isEqualTo("high");
        assertThat(winner(router, "GET", "x", "/v2/a")).isEqualTo("low");
    }

    @Test
    void explicitPriorityBreaksTiesBetweenEquallySpecificRoutes() {
        Router router = Router.compile(List.of(
                Route.ofPaths("longer", "s", "/api/v1"),
                Route.ofPaths("preferred", "s", "/api").withPriorities(0, 10)));
        assertThat(winner(router, "GET", "x", "/api/v1/x")).isEqualTo("preferred");
    }

    @Test
    void moreMatchingCategoriesWinOverLongerPaths() {
        Router router = Router.compile(List.of(
                Route.ofPaths("path-only", "s", "/api/orders/special"),
                Route.ofPaths("host-and-path", "s", "/api").withHosts("api.example.com"),
                Route.ofPaths("host-path-method", "s", "/").withHosts("api.example.com").withMethods("POST")));

        assertThat(winner(router, "GET", "api.example.com", "/api/orders/special")).isEqualTo("host-and-path");
        assertThat(winner(router, "POST", "api.example.com", "/api/orders/special")).isEqualTo("host-path-method");
        assertThat(winner(router, "GET", "other", "/api/orders/special")).isEqualTo("path-only");
    }

    @Test
    void methodsAndHeadersMustMatch() {
        Router router = Router.compile(List.of(
                Route.ofPaths("v2", "s", "/api").withHeaders(Map.of("X-Version", List.of("2", "two"))),
                Route.ofPaths("writes", "s", "/api").withMethods("POST", "put"),
                Route.ofPaths("fallback", "s", "/api")));

        assertThat(match(router, "GET", "x", "/api", Map.of("x-version", "TWO")).orElseThrow().route().id())
                .isEqualTo("v2");
        assertThat(winner(router, "PUT", "x", "/api")).isEqualTo("writes");
        assertThat(winner(router, "GET", "x", "/api")).isEqualTo("fallback");
        assertThat(match(router, "GET", "x", "/api", Map.of("x-version", "3")).orElseThrow().route().id())
                .isEqualTo("fallback");
    }

    @Test
    void regexBeatsPrefixAtEqualSpecificityAndDeclarationOrderBreaksFullTies() {
        Router router = Router.compile(List.of(
                Route.ofPaths("first", "s", "/same"),
                Route.ofPaths("second", "s", "/same"),
                Route.ofPaths("regex", "s", "~/re[a-z]+")));
        assertThat(winner(router, "GET", "x", "/same/a")).isEqualTo("first");
        assertThat(winner(router, "GET", "x", "/regex")).isEqualTo("regex");
    }

    @Test
    void routesWithoutPathsMatchAnyPathOnTheirHost() {
        Router router = Router.compile(List.of(
                new Route("host-only", "host-only", "s", java.util.Set.of("h.test"), List.of(), java.util.Set.of(), Map.of(),
                        0, 0, true, false)));
        assertThat(winner(router, "GET", "h.test", "/anything")).isEqualTo("host-only");
        assertThat(match(router, "GET", "h.test", "/anything", Map.of()).orElseThrow().forwardedPath("/anything"))
                .isEqualTo("/anything");
    }

    @Test
    void aHundredThousandRoutesStillResolveExactly() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            routes.add(Route.ofPaths("r" + i, "s", "/svc" + i + "/items"));
        }
        routes.add(Route.ofPaths("host", "s", "/svc5/items").withHosts("special.test"));
        Router router = Router.compile(routes);

        assertThat(router.size()).isEqualTo(100_001);
        assertThat(winner(router, "GET", "x", "/svc99999/items/1")).isEqualTo("r99999");
        assertThat(winner(router, "GET", "x", "/svc5/items")).isEqualTo("r5");
        assertThat(winner(router, "GET", "special.test", "/svc5/items")).isEqualTo("host");
        assertThat(winner(router, "GET", "x", "/svc100000/items")).isEqualTo("none");
    }

    @Test
    void aPatchedTableMatchesLikeTheTableCompiledFromThePatchedRoutes() {
        java.util.List<Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Route route = Route.ofPaths("r" + i, "s", "/p" + (i % 7) + "/x" + (i % 3), "/short" + (i % 2));
            routes.add(i % 5 == 0 ? route.withHosts("h" + (i % 3) + ".test") : i % 5 == 1 ? route.withHosts("*.w.test")
                    : i % 5 == 2 ? route.withMethods("POST") : route);
        }
        routes.add(Route.ofPaths("re", "s", "~/p1/(?<n>[0-9]+)"));
        Router base = Router.compileUnordered(routes);
        java.util.List<Route> added = java.util.List.of(Route.ofPaths("r3", "s", "/p3/changed"),
                Route.ofPaths("new", "s", "/p1/x1").withHosts("h1.test"), Route.ofPaths("new2", "s", "/fresh"));
        java.util.List<String> removed = java.util.List.of("r0", "r7", "re");

        Router patched = base.patch(removed, added);

        java.util.Map<String, Route> expected = new java.util.TreeMap<>();
        routes.forEach(route -> expected.put(route.id(), route));
        removed.forEach(expected::remove);
        added.forEach(route -> expected.put(route.id(), route));
        Router compiled = Router.compileUnordered(java.util.List.copyOf(expected.values()));
        assertThat(patched.size()).isEqualTo(compiled.size());
        for (String host : java.util.List.of("", "h0.test", "h1.test", "h2.test", "a.w.test")) {
            for (String method : java.util.List.of("GET", "POST")) {
                for (String path : java.util.List.of("/p0/x0", "/p1/x1", "/p1/x1/y", "/p3/changed", "/p3/x0", "/p1/12",
                        "/short0", "/short1/z", "/fresh", "/p6/x2")) {
                    RequestFacts request = new RequestFacts(method, host, path, h -> null);
                    assertThat(patched.match(request).map(match -> match.route().id()))
                        .as("%s %s%s", method, host, path)
                        .isEqualTo(compiled.match(request).map(match -> match.route().id()));
                }
            }
        }
        assertThat(base.match(new RequestFacts("GET", "", "/p1/12", h -> null)).orElseThrow().route().id())
            .as("the patched table is a new one").isEqualTo("re");
    }

    @Test
    void inAnUnorderedTableTheSmallerIdWinsATie() {
        Router router = Router.compileUnordered(java.util.List.of(Route.ofPaths("b", "s", "/same"),
                Route.ofPaths("a", "s", "/same")));

        assertThat(router.match(new RequestFacts("GET", "x", "/same", h -> null)).orElseThrow().route().id())
            .isEqualTo("a");
        assertThat(router.patch(java.util.List.of(), java.util.List.of(Route.ofPaths("0", "s", "/same")))
            .match(new RequestFacts("GET", "x", "/same", h -> null)).orElseThrow().route().id()).isEqualTo("0");
    }
}
