package io.gatehouse.gateway.plugins.ratelimit;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/** Where rate-limit counters live. */
public interface Counters {

    /**
     * Adds one to each counter and returns the new values, in order. A counter that does not exist
     * starts at zero and expires after its ttl.
     */
    Mono<long[]> increment(List<String> keys, List<Duration> ttls);
}
