package io.gatehouse.gateway.retry;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Waits between retry attempts; injected so tests can observe the delays. */
@FunctionalInterface
public interface RetryTimer {

    /** A signal that completes after {@code delay}, without blocking any thread. */
    Mono<Void> sleep(Duration delay);

    /** Timer on a Reactor scheduler. */
    static RetryTimer on(Scheduler scheduler) {
        return delay -> delay.isZero() ? Mono.empty() : Mono.delay(delay, scheduler).then();
    }

    /** Timer on Reactor's parallel scheduler. */
    static RetryTimer standard() {
        return on(Schedulers.parallel());
    }
}
