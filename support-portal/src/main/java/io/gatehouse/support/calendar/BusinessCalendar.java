package io.gatehouse.support.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;

/**
 * Which instants count towards an SLA, and the arithmetic on them.
 * <p>
 * A business calendar opens a window every working day: from {@code opens} to {@code closes} local time in
 * its zone, Monday to Friday, except holidays. Windows are computed per local date with
 * {@link java.time.ZonedDateTime}, so a day on which clocks change still opens and closes at the local
 * times, and business time is always real elapsed time (a window spanning a DST change would be 11 or
 * 13 hours long; with 07:00–19:00 in the supported zones that never happens, since they change at night).
 * The always-open calendar (24x7x365) counts every instant.
 * <p>
 * Time is exact to the nanosecond; SLA targets are whole minutes, so results land on whole minutes when
 * the start does.
 */
public interface BusinessCalendar {

    /**
     * The instant at which {@code amount} of business time has elapsed after {@code start}. Adding
     * zero returns {@code start} itself. When the amount runs out exactly at the close of a window,
     * the result is that close (Friday 19:00), not the next opening.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    Instant plus(Instant start, Duration amount);

    /**
     * Business time between two instants: the part of {@code [from, to)} that lies inside business
     * windows. Negative when {@code to} is before {@code from}.
     */
    Duration between(Instant from, Instant to);

    /** {@code at} itself when it is business time, otherwise the opening of the next window. */
    Instant nextBusinessInstant(Instant at);

    /** Whether {@code at} lies inside a business window (opening inclusive, closing exclusive). */
    boolean isBusinessTime(Instant at);

    /** Convenience for {@link #plus(Instant, Duration)} with whole minutes. */
    default Instant plusMinutes(Instant start, long minutes) {
        return plus(start, Duration.ofMinutes(minutes));
    }

    /** Convenience for {@link #between(Instant, Instant)} in whole minutes (truncated). */
    default long minutesBetween(Instant from, Instant to) {
        return between(from, to).toMinutes();
    }

    /** The calendar of 24x7x365 coverage: every instant is business time. */
    static BusinessCalendar alwaysOpen() {
        return AlwaysOpenCalendar.INSTANCE;
    }

    /** Business hours from {@code opens} to {@code closes}, Monday to Friday, in {@code zone}, minus holidays. */
    static BusinessCalendar weekdays(ZoneId zone, LocalTime opens, LocalTime closes, Collection<LocalDate> holidays) {
        return new WeekdayCalendar(zone, opens, closes, holidays);
    }

    /** The support policy's business hours for a region: 07:00–19:00 Monday–Friday in its zone, minus holidays. */
    static BusinessCalendar forRegion(Region region, Collection<LocalDate> holidays) {
        return weekdays(region.zone(), LocalTime.of(7, 0), LocalTime.of(19, 0), holidays);
    }
}
