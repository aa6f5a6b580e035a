package io.gatehouse.gateway.status;

import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The status listener, on its own port so it never competes with proxied routes:
 * {@code GET /status} (health, config revision and hash, uptime) and {@code GET /metrics}
 * (Prometheus text format).
 */
public final class StatusServer implements AutoCloseable {

    private final DisposableServer server;

    private StatusServer(DisposableServer server) {
        this.server = server;
    }

    public static StatusServer start(String host, int port, ConfigHolder config, GatewayMetrics metrics,
            Clock clock, String version) {
        Instant started = clock.instant();
        DisposableServer server = HttpServer.create().host(host).port(port)
                .route(routes -> routes
                        .get("/status", (request, response) -> {
                            GatewaySnapshot snapshot = config.current();
                            long uptime = Duration.between(started, clock.instant()).toSeconds();
                            String body = "{\"status\":\"ok\",\"version\":\"" + version + "\",\"config\":{\"revision\":"
                                    + snapshot.revision() + ",\"hash\":\"" + snapshot.hash() + "\",\"routes\":"
                                    + snapshot.router().size() + ",\"services\":" + snapshot.services().size()
                                    + "},\"uptime_seconds\":" + uptime + ",\"requests_in_flight\":" + metrics.inFlight() + "}";
                            return response.header("Content-Type", "application/json").sendString(Mono.just(body));
                        })
                        .get("/metrics", (request, response) -> response
                                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .sendString(Mono.fromSupplier(() -> metrics.render(config.current())))))
                .bindNow();
        return new StatusServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
