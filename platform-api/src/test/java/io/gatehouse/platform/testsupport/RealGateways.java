package io.gatehouse.platform.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;

import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.sync.SyncHub;
import io.gatehouse.platform.sync.SyncProperties;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Real gateways for the control plane's end-to-end tests: each started as its command line starts it (hybrid
 * mode, syncing over real sockets), the upstreams they proxy to, and an HTTP client that calls them. One per test:
 * made in {@code @BeforeEach} with the test's {@code @TempDir} as the gateways' cache, {@link #close() closed} in
 * {@code @AfterEach}, which stops everything it started, newest first.
 */
public final class RealGateways implements AutoCloseable {

    private final Path cache;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    public RealGateways(Path cache) {
        this.cache = cache;
    }

    /** An upstream on a loopback port that answers every request with {@code hello from <uri>}. */
    public DisposableServer helloUpstream() {
        return upstream((request, response) -> response.sendString(Mono.just("hello from " + request.uri())));
    }

    /** An upstream on a loopback port with the given handler. */
    public DisposableServer upstream(
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(handler).bindNow();
        running.push(server::disposeNow);
        return server;
    }

    /** A gateway syncing from this test's control plane (the hub's endpoint, trusting its certificate). */
    public SyncedGateway connectedTo(SyncHub hub, SyncProperties sync, String token) throws Exception {
        URI endpoint = URI.create((hub.secure() ? "wss" : "ws") + "://127.0.0.1:" + hub.port() + "/v1/sync");
        Path trust = sync.tls().certificate() != null ? sync.tls().certificate()
                : sync.tls().directory().resolve("sync-cert.pem");
        return connectedTo(endpoint, trust, token);
    }

    /** A gateway in hybrid mode, started as its command line would start it, beating and retrying every second. */
    public SyncedGateway connectedTo(URI endpoint, Path trust, String token) throws Exception {
        return stopAtTheEnd(SyncedGateway.start(new String[] { "--control-plane", endpoint.toString(), "--trust",
                trust.toString(), "--cache-dir", cache.toString(), "--host", "127.0.0.1", "--port", "0",
                "--status-port", "0", "--heartbeat-seconds", "1", "--max-backoff-seconds", "1" },
                Map.of("GATEHOUSE_GATEWAY_TOKEN", token)));
    }

    /** Something else the test started, stopped with the gateways. */
    public <T extends AutoCloseable> T stopAtTheEnd(T started) {
        running.push(started);
        return started;
    }

    /** The status of a GET of {@code path} through the gateway (at most 5 s). */
    public int status(SyncedGateway gateway, String path) throws Exception {
        return status(gateway, path, null, null);
    }

    /** The same with a header; a {@code null} value sends none. */
    public int status(SyncedGateway gateway, String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + path))
                .timeout(Duration.ofSeconds(5));
        if (value != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The body of a GET of {@code path} through the gateway. */
    public String body(SyncedGateway gateway, String path) throws Exception {
        return page(gateway.proxyPort(), path);
    }

    /** The body of a GET of {@code path} on a loopback port (a gateway's {@code /status} or {@code /metrics}). */
    public String page(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
