package io.gatehouse.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.router.Route;
import io.gatehouse.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

@Timeout(30)
class WebSocketIT {

    @Test
    void relaysWebSocketFramesBothWays() {
        List<String> forwardedFor = new CopyOnWriteArrayList<>();
        DisposableServer echo = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    forwardedFor.add(String.valueOf(req.requestHeaders().get("X-Forwarded-For")));
                    return res.sendWebsocket((in, out) -> out.sendString(in.receive().asString().map(s -> "echo:" + s)));
                })
                .bindNow();
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("ws", "s", "/ws")).service("s", echo.port()).build())) {
            List<String> replies = HttpClient.create().websocket().uri("ws://127.0.0.1:" + gateway.port() + "/ws/chat")
                    .handle((in, out) -> out.sendString(Flux.just("one", "two")).then()
                            .thenMany(in.receive().asString().take(2)))
                    .collectList()
                    .block(Duration.ofSeconds(15));

            assertThat(replies).containsExactly("echo:one", "echo:two");
            assertThat(forwardedFor).containsExactly("127.0.0.1");
        } finally {
            echo.disposeNow();
        }
    }

    @Test
    void aRefusedUpstreamUpgradeIsA502AndNoRouteIsA404() {
        DisposableServer plain = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.status(400).sendString(Mono.just("no websockets here"))).bindNow();
        try (TestGateway gateway = new TestGateway(new TestGateway.Snapshot()
                .route(Route.ofPaths("ws", "s", "/ws")).service("s", plain.port()).build())) {
            assertThat(gateway.client.get("/ws", java.util.Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                    "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13")).status()).isEqualTo(502);
            assertThat(gateway.client.get("/nope", java.util.Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                    "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13")).status()).isEqualTo(404);
        } finally {
            plain.disposeNow();
        }
    }
}
