package io.gatehouse.gateway.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** A retry timer that records each requested delay and waits for none of them. */
final class RecordingTimer implements RetryTimer {

    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> sleep(Duration delay) {
        delays.add(delay);
        return Mono.empty();
    }
}
