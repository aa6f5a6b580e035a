package io.gatehouse.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control plane's clock in integration tests: the system clock, shifted by an offset a test may set (to
 * run SLA and auto-close logic days ahead) and must {@link #reset()} afterwards. Time keeps running while
 * shifted, so sessions and pages behave as usual.
 */
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** From now on, the clock reads {@code at} and runs on from there. */
    public void set(Instant at) {
        offset.set(Duration.between(Instant.now(), at));
    }

    /** Back to the system clock. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }
}
