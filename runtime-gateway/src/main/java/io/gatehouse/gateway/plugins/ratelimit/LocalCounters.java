package io.gatehouse.gateway.plugins.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Counters in this gateway's memory (the {@code local} policy); expired ones are swept as new ones appear. */
public final class LocalCounters implements Counters {

    private static final int SWEEP_EVERY = 4096;

    private record Counter(AtomicLong value, long expiresAtMillis) {
    }

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final Clock clock;

    public LocalCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<long[]> increment(List<String> keys, List<Duration> ttls) {
        long now = clock.millis();
        long[] values = new long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            long ttl = ttls.get(i).toMillis();
            Counter counter = counters.compute(keys.get(i), (key, existing) -> {
                if (existing == null || existing.expiresAtMillis() <= now) {
                    created.incrementAndGet();
                    return new Counter(new AtomicLong(), now + ttl);
                }
                return existing;
            });
            values[i] = counter.value().incrementAndGet();
        }
        if (created.get() >= SWEEP_EVERY) {
            created.set(0);
            counters.values().removeIf(c -> c.expiresAtMillis() <= now);
        }
        return Mono.just(values);
    }

    int size() {
        return counters.size();
    }
}
