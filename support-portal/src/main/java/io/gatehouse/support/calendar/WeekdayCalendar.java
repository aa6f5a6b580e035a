package io.gatehouse.support.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Set;

/**
 * Business hours on weekdays in one time zone, minus holidays.
 * <p>
 * All arithmetic walks local dates: for each date the business window is
 * {@code [ZonedDateTime.of(date, opens, zone), ZonedDateTime.of(date, closes, zone))} as instants. The
 * walk is bounded (ten years of days), so a calendar without any working day fails loudly instead of
 * looping.
 */
final class WeekdayCalendar implements BusinessCalendar {

    private static final int MAX_DAYS = 3653;

    private final ZoneId zone;
    private final LocalTime opens;
    private final LocalTime closes;
    private final Set<LocalDate> holidays;

    WeekdayCalendar(ZoneId zone, LocalTime opens, LocalTime closes, Collection<LocalDate> holidays) {
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("business hours must open before they close: " + opens + "–" + closes);
        }
        this.zone = zone;
        this.opens = opens;
        this.closes = closes;
        this.holidays = Set.copyOf(holidays);
    }

    @Override
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        Duration remaining = amount;
        LocalDate date = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant windowStart = open(date);
            Instant windowEnd = close(date);
            Instant from = start.isAfter(windowStart) ? start : windowStart;
            if (!from.isBefore(windowEnd)) {
                continue;
            }
            Duration available = Duration.between(from, windowEnd);
            if (remaining.compareTo(available) <= 0) {
                return from.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException("no business time within ten years of " + start);
    }

    @Override
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return between(to, from).negated();
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant start = max(from, open(date));
            Instant end = min(to, close(date));
            if (start.isBefore(end)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    @Override
    public Instant nextBusinessInstant(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant windowStart = open(date);
            if (at.isBefore(close(date))) {
                return at.isAfter(windowStart) ? at : windowStart;
            }
        }
        throw new IllegalStateException("no business time within ten years of " + at);
    }

    @Override
    public boolean isBusinessTime(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        return isWorkingDay(date) && !at.isBefore(open(date)) && at.isBefore(close(date));
    }

    boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.contains(date);
    }

    private Instant open(LocalDate date) {
        return ZonedDateTime.of(date, opens, zone).toInstant();
    }

    private Instant close(LocalDate date) {
        return ZonedDateTime.of(date, closes, zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return opens + "–" + closes + " Mon–Fri " + zone + " minus " + holidays.size() + " holidays";
    }
}
