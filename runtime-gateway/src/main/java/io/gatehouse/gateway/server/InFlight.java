package io.gatehouse.gateway.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Counts requests being handled so shutdown can wait for them. */
final class InFlight {

    private final AtomicInteger count = new AtomicInteger();
    private volatile Sinks.Empty<Void> idle = Sinks.empty();

    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> track(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> Mono.defer(() -> {
            count.incrementAndGet();
            return Mono.from(handler.apply(request, response));
        }).doFinally(signal -> {
            if (count.decrementAndGet() == 0) {
                idle.tryEmitEmpty();
                idle = Sinks.empty();
            }
        });
    }

    int count() {
        return count.get();
    }

    /** Blocks the calling (non-event-loop) thread until no request is in flight or the timeout passes. */
    void awaitIdle(Duration timeout) {
        if (count.get() == 0) {
            return;
        }
        Sinks.Empty<Void> current = idle;
        if (count.get() == 0) {
            return;
        }
        current.asMono().timeout(timeout, Mono.empty()).block();
    }
}
