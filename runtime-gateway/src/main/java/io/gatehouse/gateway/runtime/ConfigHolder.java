package io.gatehouse.gateway.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

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
        // a patched snapshot keeps the background tasks of what it did not change: stop only the others
        java.util.Set<reactor.core.Disposable> kept = java.util.Collections
                .newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(next.tasks());
        previous.tasks().stream().filter(task -> !kept.contains(task)).forEach(reactor.core.Disposable::dispose);
        // finding the services to close scans every service (100,000 in a large config): not on the caller's thread
        Flux.fromIterable(previous.services().values())
                .subscribeOn(Schedulers.parallel())
                .filter(service -> next.services().get(service.id()) != service)
                .flatMap(service -> service.close(closeGrace))
                .subscribe();
        return previous;
    }
}
