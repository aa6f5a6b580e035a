package io.gatehouse.support.web;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.sla.SlaMetric;

/**
 * How the support pages write SLA clocks: {@code ${@slaFormat.remaining(clock)}} and friends. Remaining time is
 * in the clock's own basis (business time for business-hours targets), as the clock counts it.
 */
@Component("slaFormat")
public class SlaFormat {

    /** "2h 05m", "1d 3h" (a day is 24 hours here), "12m". */
    public String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long minutes = Math.abs(duration.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes % (24 * 60) / 60;
        long mins = minutes % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + String.format("%02dm", mins);
        }
        return mins + "m";
    }

    /** What a clock's state means to a customer: "Running", "Paused", "Met", "Breached", "Not started". */
    public String state(ClockView clock) {
        if (clock == null) {
            return "";
        }
        return switch (clock.state()) {
            case NOT_STARTED -> "Not started";
            case PAUSED -> clock.breached() ? "Breached (paused)" : "Paused (waiting on you)";
            case RUNNING -> clock.breached() ? "Breached" : "Running";
            case STOPPED -> clock.breached() ? "Breached" : "Met";
        };
    }

    /** "3h 10m left" or "overdue by 20m"; empty when the clock never started. */
    public String remaining(ClockView clock) {
        if (clock == null || clock.remaining() == null) {
            return "";
        }
        if (clock.state() == ClockView.State.STOPPED) {
            return "";
        }
        return clock.remaining().isNegative() ? "overdue by " + duration(clock.remaining())
                : duration(clock.remaining()) + " left";
    }

    /** The name of a clock. */
    public String name(SlaMetric metric) {
        return switch (metric) {
            case INITIAL_RESPONSE -> "Initial response";
            case NEXT_RESPONSE -> "Next response";
            case RESOLUTION -> "Resolution";
        };
    }

    /** An enum constant, or its name as a string, as words: WAITING_ON_CUSTOMER → "Waiting on customer". */
    public String words(Object value) {
        String name = value instanceof Enum<?> constant ? constant.name() : value == null ? "" : value.toString();
        if (name.isEmpty()) {
            return "";
        }
        String lower = name.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
