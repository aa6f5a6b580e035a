package io.gatehouse.gateway.bench;

import io.gatehouse.gateway.router.RequestFacts;
import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.router.RouteMatch;
import io.gatehouse.gateway.router.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching time against table size. The table mixes what real configs hold: per-service prefix
 * paths, a share of host-bound routes (exact and wildcard), method-restricted routes and a few regex
 * routes; each lookup asks for a different route so caches do not flatter the result.
 * Run: {@code runtime-gateway/bench/router-benchmark.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {

    private static final int REGEX_ROUTES = 8;

    @Param({"10", "1000", "10000", "100000"})
    public int routes;

    private Router router;
    private RequestFacts[] requests;
    private int next;

    @Setup
    public void setUp() {
        List<Route> table = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            Route route = Route.ofPaths("r" + i, "s" + (i % 50), "/svc" + i + "/v1");
            if (i % 10 == 1) {
                route = route.withHosts("api" + i + ".example.com");
            } else if (i % 10 == 2) {
                route = route.withHosts("*.tenant" + i + ".example.com");
            } else if (i % 10 == 3) {
                route = route.withMethods("GET", "POST");
            }
            table.add(route);
        }
        for (int i = 0; i < REGEX_ROUTES; i++) {
            table.add(Route.ofPaths("re" + i, "s", "~/reports/(?<year>\\d{4})/r" + i + "$").withPriorities(i, 0));
        }
        router = Router.compile(table);
        requests = new RequestFacts[1024];
        for (int i = 0; i < requests.length; i++) {
            int target = (int) ((i * 2654435761L) % routes);
            String host = target % 10 == 1 ? "api" + target + ".example.com"
                    : target % 10 == 2 ? "eu.tenant" + target + ".example.com" : "gateway.example.com";
            requests[i] = new RequestFacts("GET", host, "/svc" + target + "/v1/items/42", Map.<String, String>of()::get);
        }
    }

    @Benchmark
    public Optional<RouteMatch> match() {
        RequestFacts request = requests[next++ & (requests.length - 1)];
        return router.match(request);
    }
}
