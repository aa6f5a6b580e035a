package io.gatehouse.gateway.testing;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real upstream for socket-level tests: records every request it receives and answers with scripted
 * behaviours (status, headers, delay, or closing the connection without an answer), then echoes.
 */
public final class TestUpstream implements AutoCloseable {

    /** One request as the upstream saw it ({@code bytes}: the body exactly as received). */
    public record Received(String method, String uri, HttpHeaders headers, String body, int port, byte[] bytes) {
    }

    /** What to do with one request. */
    public record Behaviour(int status, Map<String, String> headers, Duration delay, boolean closeConnection, String body) {
        public static Behaviour status(int status) {
            return new Behaviour(status, Map.of(), Duration.ZERO, false, null);
        }

        public static Behaviour status(int status, Map<String, String> headers) {
            return new Behaviour(status, headers, Duration.ZERO, false, null);
        }

        public static Behaviour delayed(Duration delay) {
            return new Behaviour(200, Map.of(), delay, false, null);
        }

        public static Behaviour hangUp() {
            return new Behaviour(0, Map.of(), Duration.ZERO, true, null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final DisposableServer server;
    private volatile Function<Received, Behaviour> fallback = r -> null;

    public TestUpstream() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> {
                            String body = new String(bytes, StandardCharsets.UTF_8);
                            Received seen = new Received(request.method().name(), request.uri(),
                                    request.requestHeaders().copy(), body, server().port(), bytes);
                            received.add(seen);
                            Behaviour behaviour = script.poll();
                            if (behaviour == null) {
                                behaviour = fallback.apply(seen);
                            }
                            if (behaviour == null) {
                                return response.header("content-type", "text/plain")
                                        .header("x-upstream-port", String.valueOf(seen.port()))
                                        .sendString(Mono.just("echo " + seen.method() + " " + seen.uri() + " " + body)).then();
                            }
                            Behaviour b = behaviour;
                            if (b.closeConnection()) {
                                return Mono.<Void>fromRunnable(() -> response.withConnection(c -> c.channel().close()));
                            }
                            Mono<Void> answer = Mono.defer(() -> {
                                response.status(HttpResponseStatus.valueOf(b.status()));
                                b.headers().forEach(response::header);
                                response.header("x-upstream-port", String.valueOf(seen.port()));
                                return response.sendString(Mono.just(b.body() != null ? b.body() : "status " + b.status())).then();
                            });
                            return b.delay().isZero() ? answer : Mono.delay(b.delay()).then(answer);
                        }))
                .bindNow();
    }

    private DisposableServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** Queues behaviours for the next requests, in order; after them the fallback (default: echo) applies. */
    public TestUpstream then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** The behaviour for requests with no scripted one (null from the function means echo). */
    public TestUpstream otherwise(Function<Received, Behaviour> behaviour) {
        this.fallback = behaviour;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
