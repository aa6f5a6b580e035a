package io.gatehouse.support.calendar;

import java.time.Duration;
import java.time.Instant;

/** 24x7x365: business time is wall-clock time. */
final class AlwaysOpenCalendar implements BusinessCalendar {

    static final AlwaysOpenCalendar INSTANCE = new AlwaysOpenCalendar();

    private AlwaysOpenCalendar() {
    }

    @Override
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        return start.plus(amount);
    }

    @Override
    public Duration between(Instant from, Instant to) {
        return Duration.between(from, to);
    }

    @Override
    public Instant nextBusinessInstant(Instant at) {
        return at;
    }

    @Override
    public boolean isBusinessTime(Instant at) {
        return true;
    }

    @Override
    public String toString() {
        return "24x7x365";
    }
}
