package io.gatehouse.gateway.status;

import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status listener, on its own port so it never competes with proxied routes:
 * {@code GET /status} (health, config revision and hash, sync state in hybrid mode, uptime) and {@code GET /metrics}
 * (Prometheus text format).
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
        return start(host, port, config, metrics, clock, version, null);
    }

    /**
     * The status listener of a gateway whose config comes from a control plane: {@code /status} also carries
     * {@code sync}, the state of config sync ({@code sync} supplies a JSON-serialisable value).
     */
    public static StatusServer start(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version, Supplier<?> sync) {
        Instant started = clock.instant();
        DisposableServer server = HttpServer.create().host(host).port(port)
                .route(routes -> routes
                        .get("/status", (request, response) -> response.header("Content-Type", "application/json")
                                .sendString(Mono.fromSupplier(() -> status(config.current(), metrics, version,
                                        Duration.between(started, clock.instant()), sync))))
                        .get("/metrics", (request, response) -> response
                                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .sendString(Mono.fromSupplier(() -> metrics.render(config.current())))))
                .bindNow();
        return new StatusServer(server);
    }

    private static String status(GatewaySnapshot snapshot, GatewayMetrics metrics, String version, Duration uptime,
            Supplier<?> sync) {
        Map<String, Object> configSection = new LinkedHashMap<>();
        configSection.put("revision", snapshot.revision());
        configSection.put("hash", snapshot.hash());
        configSection.put("routes", snapshot.router().size());
        configSection.put("services", snapshot.services().size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", version);
        body.put("mode", sync == null ? "db-less" : "hybrid");
        body.put("config", configSection);
        if (sync != null) {
            body.put("sync", sync.get());
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
