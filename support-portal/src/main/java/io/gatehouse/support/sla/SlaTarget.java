package io.gatehouse.support.sla;

import java.time.Duration;
import java.util.Objects;

/**
 * An amount of time a clock may run, and what time it counts. A <em>business day</em> is defined as
 * 12 business hours of the region's calendar (one 07:00–19:00 window), so "1 business day" from Tuesday
 * 15:00 is due Wednesday 15:00, whatever holidays and weekends lie between.
 */
public record SlaTarget(Duration duration, TimeBasis basis) {

    /** The length of one business day in business time. */
    public static final Duration BUSINESS_DAY = Duration.ofHours(12);

    public SlaTarget {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(basis, "basis");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("an SLA target must be positive: " + duration);
        }
    }

    public static SlaTarget businessHours(long hours) {
        return new SlaTarget(Duration.ofHours(hours), TimeBasis.BUSINESS);
    }

    public static SlaTarget businessDays(long days) {
        return new SlaTarget(BUSINESS_DAY.multipliedBy(days), TimeBasis.BUSINESS);
    }

    public static SlaTarget roundTheClock(Duration duration) {
        return new SlaTarget(duration, TimeBasis.CONTINUOUS);
    }

    /** {@code percent} of this target, in the same basis (for warnings). */
    public Duration fraction(int percent) {
        return duration.multipliedBy(percent).dividedBy(100);
    }
}
