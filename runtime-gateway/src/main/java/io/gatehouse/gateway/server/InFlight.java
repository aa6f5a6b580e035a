package io.gatehouse.gateway.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Counts requests being handled so shutdown can wait for them. */
final class InFlight {

    private final AtomicInteger count = new AtomicInteger();
    private volatile Sinks.Empty<Void> idle = Sinks.empty();

    /** Ends one request's count; one instance for all requests, so tracking allocates nothing of its own. */
    private final Consumer<SignalType> ended = signal -> {
        if (count.decrementAndGet() == 0) {
            idle.tryEmitEmpty();
            idle = Sinks.empty();
        }
    };

    /**
     * The handler with each request counted from the call until its publisher terminates or is cancelled. Reactor
     * Netty subscribes to the handler's publisher right after calling it, so counting at the call is counting at
     * subscription without a deferred publisher per request.
     */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> track(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> {
            count.incrementAndGet();
            Publisher<Void> handled;
            try {
                handled = handler.apply(request, response);
            } catch (RuntimeException error) {
                handled = Mono.error(error);
            }
            return Mono.from(handled).doFinally(ended);
        };
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
