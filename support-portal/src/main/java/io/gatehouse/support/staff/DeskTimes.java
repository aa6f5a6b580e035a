package io.gatehouse.support.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * How the staff pages write SLA durations: {@code ${@deskTimes.until(ticket.nextDueAt)}} is "in 3 h 5 min" or
 * "overdue by 20 min", measured on the injected clock.
 */
@Component("deskTimes")
public class DeskTimes {

    private final Clock clock;

    DeskTimes(Clock clock) {
        this.clock = clock;
    }

    /** Time from now to {@code instant}, in words; empty for {@code null}. */
    public String until(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration left = Duration.between(clock.instant(), instant);
        return left.isNegative() ? "overdue by " + human(left.negated()) : "in " + human(left);
    }

    /** Whether {@code instant} has passed. */
    public boolean passed(Instant instant) {
        return instant != null && !instant.isAfter(clock.instant());
    }

    /** A duration as days, hours and minutes ({@code 1 d 2 h 5 min}); negative ones get a minus sign. */
    public String human(Duration duration) {
        if (duration == null) {
            return "";
        }
        if (duration.isNegative()) {
            return "−" + human(duration.negated());
        }
        long minutes = duration.toMinutes();
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) text.append(days).append(" d ");
        if (hours > 0 || days > 0) text.append(hours).append(" h ");
        text.append(mins).append(" min");
        return text.toString();
    }
}
