package io.gatehouse.gateway.config.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RetryPolicy;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random valid configs survive export → import unchanged (after the normaliser fills plugin defaults). */
class DeclarativeRoundTripPropertyTests {

    @Property(tries = 200)
    void exportThenImportGivesTheSameConfig(@ForAll("configs") DeclarativeConfig config) {
        assertThat(ConfigValidator.validate(config)).isEmpty();
        DeclarativeConfig back = DeclarativeReader.read(DeclarativeWriter.toYaml(config)).requireValid();
        SameEntities.assertSameEntities(back, config);
    }

    @Provide
    Arbitrary<DeclarativeConfig> configs() {
        Arbitrary<Integer> serviceCount = Arbitraries.integers().between(0, 4);
        return serviceCount.flatMap(count -> Combinators
            .combine(services().list().ofSize(count), routeShapes().list().ofMaxSize(6), Arbitraries.integers().between(0, 3))
            .as((services, routes, limits) -> build(services, routes, limits)));
    }

    private static DeclarativeConfig build(List<ServiceDefinition> services, List<RouteShape> routes, int limits) {
        DeclarativeConfig.Builder builder = DeclarativeConfig.builder();
        List<ServiceDefinition> named = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            named.add(renamed(services.get(i), "svc-" + i));
        }
        named.forEach(builder::service);
        for (int i = 0; i < routes.size(); i++) {
            RouteShape shape = routes.get(i);
            EntityRef service = named.isEmpty() || shape.serviceIndex() < 0 ? null
                    : EntityRef.ofName(named.get(shape.serviceIndex() % named.size()).name());
            builder.route(new RouteDefinition(null, "route-" + i, shape.protocols(), shape.methods(), shape.hosts(),
                    List.of("/r" + i), null, null, shape.stripPath(), shape.preserveHost(), shape.regexPriority(), null,
                    shape.redirect(), null, null, null, shape.tags(), service, null));
        }
        for (int i = 0; i < limits && i < named.size(); i++) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("minute", 10 + i);
            builder.plugin(PluginDefinition.global("rate-limiting", config)
                .withScope(EntityRef.ofName(named.get(i).name()), null, null, null));
        }
        return builder.build();
    }

    private static ServiceDefinition renamed(ServiceDefinition s, String name) {
        return new ServiceDefinition(s.id(), name, s.url(), s.protocol(), s.host(), s.port(), s.path(), s.retries(),
                s.connectTimeout(), s.writeTimeout(), s.readTimeout(), s.tags(), s.enabled(), s.retry());
    }

    private Arbitrary<ServiceDefinition> services() {
        Arbitrary<String> hosts = Arbitraries.of("a.internal", "10.1.2.3", "b.example.com");
        Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
        Arbitrary<Integer> timeouts = Arbitraries.integers().between(1, 600_000);
        Arbitrary<Boolean> urlForm = Arbitraries.of(true, false);
        Arbitrary<RetryPolicy> retries = Combinators
            .combine(Arbitraries.integers().between(0, 10), Arbitraries.longs().between(0, 60_000),
                    Arbitraries.longs().between(1, 5_000), Arbitraries.of("5XX", "503", "Reset", "HttpMethodGet").list().ofMaxSize(3))
            .as((n, perTry, base, on) -> new RetryPolicy(n, Duration.ofMillis(perTry),
                    new RetryPolicy.BackOff(Duration.ofMillis(base), null), null, on, null, null, null))
            .injectNull(0.4);
        return Combinators
            .combine(hosts, ports, timeouts, timeouts, urlForm, Arbitraries.of("http", "https"), retries,
                    Arbitraries.of(List.<String>of(), List.of("t1"), List.of("t1", "t2")))
            .as((host, port, connect, read, url, protocol, retry, tags) -> url
                    ? new ServiceDefinition(null, null, protocol + "://" + host + ":" + port + "/p", null, null, null,
                            null, null, connect, null, read, tags, null, retry)
                    : new ServiceDefinition(null, null, null, protocol, host, port, null, 3, connect, connect, read,
                            tags, false, retry));
    }

    private Arbitrary<RouteShape> routeShapes() {
        return Combinators
            .combine(Arbitraries.integers().between(-1, 5),
                    Arbitraries.of(List.of("http", "https"), List.of("https"), List.of("http")),
                    Arbitraries.of("GET", "POST", "PUT").list().uniqueElements().ofMaxSize(2),
                    Arbitraries.of("api.example.com", "*.example.com", "example.*").list().uniqueElements().ofMaxSize(2),
                    Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(-5, 5),
                    Arbitraries.of(426, 301, 302, 307, 308))
            .as((service, protocols, methods, hosts, strip, preserve, regexPriority, redirect) -> new RouteShape(service,
                    protocols, methods, hosts, strip, preserve, regexPriority, redirect, List.of()));
    }

    record RouteShape(int serviceIndex, List<String> protocols, List<String> methods, List<String> hosts,
            boolean stripPath, boolean preserveHost, int regexPriority, int redirect, List<String> tags) {
    }

}
