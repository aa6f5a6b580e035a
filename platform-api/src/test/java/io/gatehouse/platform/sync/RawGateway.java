package io.gatehouse.platform.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * A gateway reduced to its socket, for protocol tests: it sends exactly what a test tells it to and records
 * what the hub sends and how the hub closes the connection.
 */
final class RawGateway implements AutoCloseable {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final Sinks.One<WebSocketCloseStatus> closed = Sinks.one();
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable connection;

    RawGateway(URI endpoint, Path trusted, String token) {
        HttpClient http = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + token));
        if ("wss".equals(endpoint.getScheme())) {
            http = http.secure(spec -> {
                try {
                    spec.sslContext(SslContextBuilder.forClient().trustManager(trusted.toFile()).build());
                } catch (javax.net.ssl.SSLException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        connection = http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build())
                .uri(endpoint.toString())
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(closed::tryEmitValue);
                    return out.sendString(outbound.asFlux())
                            .then()
                            .and(in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES).receiveFrames()
                                    .ofType(TextWebSocketFrame.class).map(TextWebSocketFrame::text)
                                    .doOnNext(received::add).then());
                })
                .subscribe();
    }

    void send(SyncMessage message) {
        outbound.tryEmitNext(SyncCodec.write(message));
    }

    SyncMessage next(Duration timeout) throws InterruptedException {
        String text = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no message from the hub within " + timeout);
        }
        return SyncCodec.read(text);
    }

    WebSocketCloseStatus closeStatus(Duration timeout) {
        return closed.asMono().block(timeout);
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
