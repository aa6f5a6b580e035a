package io.gatehouse.platform.sync;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sync hub's Micrometer meters: {@code gatehouse.sync.sessions} (live sessions on this replica) and
 * {@code gatehouse.sync.push.latency} (from sending a snapshot or delta to the gateway's ack or nack: validation,
 * compile, cache write and swap on the gateway plus one round trip), tagged {@code outcome} ack or nack, so its count
 * is also the number of pushes applied and refused.
 */
final class SyncMeters {

    private final Timer acked;
    private final Timer nacked;

    SyncMeters(MeterRegistry registry, SyncHub hub) {
        Gauge.builder("gatehouse.sync.sessions", hub, SyncHub::sessionCount)
            .description("Gateway sync sessions on this replica")
            .register(registry);
        this.acked = pushLatency(registry, "ack");
        this.nacked = pushLatency(registry, "nack");
    }

    private static Timer pushLatency(MeterRegistry registry, String outcome) {
        return Timer.builder("gatehouse.sync.push.latency")
            .description("From a config push to the gateway's ack or nack")
            .tag("outcome", outcome)
            .publishPercentileHistogram()
            .register(registry);
    }

    void pushAnswered(long nanos, boolean ack) {
        (ack ? acked : nacked).record(nanos, TimeUnit.NANOSECONDS);
    }
}
