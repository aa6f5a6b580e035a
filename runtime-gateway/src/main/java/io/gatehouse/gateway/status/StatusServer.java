package io.gatehouse.gateway.status;

import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import io.gatehouse.gateway.config.ConfigException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status listener, on its own port so it never competes with proxied routes:
 * {@code GET /status} (health, config revision and hash, sync state in hybrid mode, reloads in DB-less mode,
 * uptime), {@code GET /metrics} (Prometheus text format) and, when a DB-less gateway enables it,
 * {@code POST /config}.
 */
public final class StatusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DisposableServer server;

    private StatusServer(DisposableServer server) {
        this.server = server;
    }

    /** A DB-less gateway's status listener: the config comes from a file, so there is no sync section. */
    public static StatusServer start(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version) {
        return start(host, port, config, metrics, clock, version, "db-less", null, null, null);
    }

    /**
     * The status listener of a gateway whose config comes from a control plane: {@code /status} also carries
     * {@code sync}, the state of config sync ({@code sync} supplies a JSON-serialisable value).
     */
    public static StatusServer start(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version, Supplier<?> sync) {
        return start(host, port, config, metrics, clock, version, "hybrid", "sync", sync, null);
    }

    /**
     * Applies a declarative config posted to {@code POST /config} (Kong's DB-less endpoint), returning the new
     * config's hash; throws {@link ConfigException} when it is refused (the running config stays).
     */
    @FunctionalInterface
    public interface ConfigEndpoint {
        String apply(byte[] declarativeConfig);
    }

    /**
     * A DB-less gateway's status listener: {@code /status} carries {@code reload} (what the last reload of the
     * file did); with {@code endpoint} set, {@code POST /config} replaces the running config.
     */
    public static StatusServer startDbLess(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version, Supplier<?> reload, ConfigEndpoint endpoint) {
        return start(host, port, config, metrics, clock, version, "db-less", "reload", reload, endpoint);
    }

    private static StatusServer start(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version, String mode, String sectionName, Supplier<?> section, ConfigEndpoint endpoint) {
        Instant started = clock.instant();
        DisposableServer server = HttpServer.create().host(host).port(port)
                .route(routes -> {
                    routes.get("/status", (request, response) -> response.header("Content-Type", "application/json")
                                    .sendString(Mono.fromSupplier(() -> status(config.current(), metrics, version,
                                            Duration.between(started, clock.instant()), mode, sectionName, section))))
                            .get("/metrics", (request, response) -> response
                                    .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                    .sendString(Mono.fromSupplier(() -> metrics.render(config.current()))));
                    if (endpoint != null) {
                        routes.post("/config", (request, response) -> request.receive().aggregate().asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .publishOn(Schedulers.boundedElastic())
                                .map(body -> {
                                    try {
                                        String hash = endpoint.apply(body);
                                        return Map.entry(201, (Object) Map.of("hash", hash));
                                    } catch (ConfigException e) {
                                        return Map.entry(400, (Object) Map.of("message", "declarative config is invalid",
                                                "errors", e.violations().stream().map(v -> Map.of("path", v.path(),
                                                        "message", v.message())).toList()));
                                    }
                                })
                                .flatMap(answer -> response.status(answer.getKey())
                                        .header("Content-Type", "application/json")
                                        .sendString(Mono.just(JSON.writeValueAsString(answer.getValue()))).then()));
                    }
                })
                .bindNow();
        return new StatusServer(server);
    }

    private static String status(GatewaySnapshot snapshot, GatewayMetrics metrics, String version, Duration uptime,
            String mode, String sectionName, Supplier<?> sync) {
        Map<String, Object> configSection = new LinkedHashMap<>();
        configSection.put("revision", snapshot.revision());
        configSection.put("hash", snapshot.hash());
        configSection.put("routes", snapshot.router().size());
        configSection.put("services", snapshot.services().size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", version);
        body.put("mode", mode);
        body.put("config", configSection);
        if (sync != null) {
            body.put(sectionName, sync.get());
        }
        body.put("uptime_seconds", uptime.toSeconds());
        body.put("requests_in_flight", metrics.inFlight());
        return JSON.writeValueAsString(body);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
