package io.gatehouse.gateway.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;

/**
 * Holds the current compiled configuration and swaps it atomically. In-flight requests keep the
 * snapshot they started with; the replaced snapshot's connection pools close after a grace period.
 */
public final class ConfigHolder {

    private final AtomicReference<GatewaySnapshot> current;
    private final Duration closeGrace;

    public ConfigHolder(GatewaySnapshot initial, Duration closeGrace) {
        this.current = new AtomicReference<>(initial);
        this.closeGrace = closeGrace;
    }

    public GatewaySnapshot current() {
        return current.get();
    }

    /** Installs {@code next}; returns the snapshot it replaced. */
    public GatewaySnapshot swap(GatewaySnapshot next) {
        GatewaySnapshot previous = current.getAndSet(next);
        previous.tasks().forEach(reactor.core.Disposable::dispose);
        Flux.fromIterable(previous.services().values())
                .filter(service -> next.services().get(service.id()) != service)
                .flatMap(service -> service.close(closeGrace))
                .subscribe();
        return previous;
    }
}
