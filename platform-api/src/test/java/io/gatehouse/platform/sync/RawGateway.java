package io.gatehouse.platform.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.gatehouse.gateway.sync.Ack;
import io.gatehouse.gateway.sync.Heartbeat;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A gateway reduced to its socket, for protocol tests: it sends what a test tells it to and records what the
 * hub sends and how the hub closes the connection.
 *
 * <p>Like a real gateway it sends a heartbeat every {@link #HEARTBEAT} once it has said hello (carrying the
 * revision and hash of its last hello or ACK), so the hub's heartbeat timeout (3 s in tests) does not close it
 * while a test takes its time on a loaded machine; {@link #silent} builds one that never does. {@link #next}
 * fails as soon as the hub closes the connection, naming the close code and reason, instead of waiting out
 * its timeout for a message that can no longer come.
 */
final class RawGateway implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofMillis(300);

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final Sinks.One<WebSocketCloseStatus> closed = Sinks.one();
    /** Every outgoing frame goes through this sink from one thread at a time (see {@link #emit}). */
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable connection;
    private final Disposable heartbeats;
    /** Set when the connection ends, with or without a close frame. */
    private volatile String ended;
    private volatile boolean helloSent;
    private volatile long revision;
    private volatile String hash = "";

    private RawGateway(URI endpoint, Path trusted, String token, ClientCertificate certificate, boolean heartbeating) {
        // A connection of its own (a pooled one may be a closed gateway's stale connection) and no silent retry:
        // a retried connect would resubscribe to the outbound sink mid-stream and open a new session with whatever
        // was queued after the hello (a heartbeat) instead of the hello.
        HttpClient http = HttpClient.newConnection().disableRetry(true);
        if (token != null) {
            http = http.headers(h -> h.set("Authorization", "Bearer " + token));
        }
        if ("wss".equals(endpoint.getScheme())) {
            SslContext ssl = ssl(trusted, certificate);
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        connection = http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(SyncProtocol.MAX_MESSAGE_BYTES).build())
                .uri(endpoint.toString())
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(status -> {
                        closed.tryEmitValue(status);
                        ended = status.code() + " " + status.reasonText();
                    });
                    return out.sendString(outbound.asFlux())
                            .then()
                            .and(in.aggregateFrames(SyncProtocol.MAX_MESSAGE_BYTES).receiveFrames()
                                    .ofType(TextWebSocketFrame.class).map(TextWebSocketFrame::text)
                                    .doOnNext(received::add).then());
                })
                .doFinally(signal -> {
                    if (ended == null) {
                        ended = "the connection ended without a close frame (" + signal + ")";
                    }
                })
                .subscribe();
        heartbeats = heartbeating
                ? Flux.interval(HEARTBEAT, HEARTBEAT).filter(tick -> helloSent)
                        .subscribe(tick -> emit(SyncCodec.write(new Heartbeat(revision, hash))))
                : Flux.never().subscribe();
    }

    /** A raw gateway that heartbeats after its hello, like a real one. */
    RawGateway(URI endpoint, Path trusted, String token) {
        this(endpoint, trusted, token, null, true);
    }

    /** A raw gateway that never sends a heartbeat. */
    static RawGateway silent(URI endpoint, Path trusted, String token) {
        return new RawGateway(endpoint, trusted, token, null, false);
    }

    /** A raw gateway that presents a client certificate in the TLS handshake and sends no token. */
    static RawGateway withCertificate(URI endpoint, Path trusted, ClientCertificate certificate) {
        return new RawGateway(endpoint, trusted, null, certificate, true);
    }

    void send(SyncMessage message) {
        if (message instanceof Hello hello) {
            revision = hello.revision();
            hash = hello.hash();
        } else if (message instanceof Ack ack) {
            revision = ack.revision();
            hash = ack.hash();
        }
        emit(SyncCodec.write(message));
        if (message instanceof Hello) {
            helloSent = true;
        }
    }

    /** The next message from the hub; fails at once when the hub closes the connection instead. */
    SyncMessage next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = received.poll(50, TimeUnit.MILLISECONDS);
            if (text != null) {
                return SyncCodec.read(text);
            }
            String end = ended;
            if (end != null && received.isEmpty()) {
                throw new AssertionError("the hub closed the connection (" + end + ") instead of sending a message");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message from the hub within " + timeout);
            }
        }
    }

    WebSocketCloseStatus closeStatus(Duration timeout) {
        return closed.asMono().block(timeout);
    }

    /** Test thread and heartbeat timer both send: one emission at a time, or the sink drops a frame. */
    private synchronized void emit(String text) {
        outbound.emitNext(text, Sinks.EmitFailureHandler.FAIL_FAST);
    }

    @Override
    public void close() {
        heartbeats.dispose();
        connection.dispose();
    }

    private static SslContext ssl(Path trusted, ClientCertificate certificate) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trusted.toFile());
            if (certificate != null) {
                builder.keyManager(certificate.certificate().toFile(), certificate.key().toFile());
            }
            return builder.build();
        } catch (javax.net.ssl.SSLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
