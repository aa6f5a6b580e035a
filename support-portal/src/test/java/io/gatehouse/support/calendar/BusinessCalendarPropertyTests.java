package io.gatehouse.support.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The calendar agrees with a deliberately naive reference that looks at one minute at a time: "is the
 * minute starting at t a business minute?" (local weekday, not a holiday, 07:00 ≤ local time &lt; 19:00).
 * Start instants are drawn across 2026–2027, a third of them from the weeks around the DST changes of
 * Chicago and London and around each region's holidays.
 */
class BusinessCalendarPropertyTests {

    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("2027-12-20T00:00:00Z");
    private static final List<LocalDate> DST_CHANGES = List.of(
            LocalDate.of(2026, 3, 8), LocalDate.of(2026, 11, 1), LocalDate.of(2027, 3, 14), LocalDate.of(2027, 11, 7),
            LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25), LocalDate.of(2027, 3, 28), LocalDate.of(2027, 10, 31));
    private static final Map<Region, BusinessCalendar> CALENDARS = new EnumMap<>(Region.class);
    private static final Map<Region, Set<LocalDate>> HOLIDAYS = new EnumMap<>(Region.class);

    static {
        for (Region region : Region.values()) {
            CALENDARS.put(region, SeededHolidays.calendar(region));
            HOLIDAYS.put(region, SeededHolidays.of(region));
        }
    }

    @Property(tries = 3000)
    void plusAgreesWithTheMinuteByMinuteReference(@ForAll Region region, @ForAll("instants") Instant start,
            @ForAll @IntRange(min = 0, max = 2 * 720) int minutes) {
        Instant expected = referencePlus(region, start, minutes);

        assertThat(CALENDARS.get(region).plusMinutes(start, minutes)).isEqualTo(expected);
    }

    @Property(tries = 1500)
    void betweenAgreesWithTheMinuteByMinuteReference(@ForAll Region region, @ForAll("instants") Instant from,
            @ForAll @IntRange(min = 0, max = 6 * 24 * 60) int wallMinutes) {
        Instant to = from.plus(Duration.ofMinutes(wallMinutes));

        assertThat(CALENDARS.get(region).minutesBetween(from, to)).isEqualTo(referenceBetween(region, from, to));
    }

    @Property(tries = 1500)
    void nextBusinessInstantAgreesWithTheReference(@ForAll Region region, @ForAll("instants") Instant at) {
        BusinessCalendar calendar = CALENDARS.get(region);
        Instant next = calendar.nextBusinessInstant(at);

        assertThat(next).isEqualTo(referenceNext(region, at));
        assertThat(calendar.isBusinessTime(next)).isTrue();
    }

    @Property(tries = 1500)
    void plusAndBetweenAreInverse(@ForAll Region region, @ForAll("instants") Instant start,
            @ForAll @IntRange(min = 1, max = 5 * 720) int minutes) {
        BusinessCalendar calendar = CALENDARS.get(region);
        Instant due = calendar.plusMinutes(start, minutes);

        assertThat(calendar.minutesBetween(start, due)).isEqualTo(minutes);
        assertThat(calendar.isBusinessTime(due.minusSeconds(60))).isTrue();
    }

    @Provide
    Arbitrary<Instant> instants() {
        long span = Duration.between(FIRST, LAST).toMinutes();
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(0, span).map(m -> FIRST.plus(Duration.ofMinutes(m)));
        Arbitrary<Instant> aroundDst = Arbitraries.of(DST_CHANGES).flatMap(day -> Arbitraries.longs()
                .between(-4 * 24 * 60, 4 * 24 * 60)
                .map(m -> day.atStartOfDay().atZone(java.time.ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(m))));
        Arbitrary<Instant> aroundHolidays = Arbitraries.of(SeededHolidays.ALL).flatMap(h -> Arbitraries.longs()
                .between(-3 * 24 * 60, 3 * 24 * 60)
                .map(m -> ZonedDateTime.of(h.date(), LocalTime.MIDNIGHT, h.region().zone()).toInstant()
                        .plus(Duration.ofMinutes(m))));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, anywhere), net.jqwik.api.Tuple.of(1, aroundDst), net.jqwik.api.Tuple.of(1, aroundHolidays));
    }

    // --- the reference: one minute at a time ---

    private static boolean businessMinute(Region region, Instant minuteStart) {
        LocalDateTime local = LocalDateTime.ofInstant(minuteStart, region.zone());
        DayOfWeek day = local.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY || HOLIDAYS.get(region).contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return !time.isBefore(LocalTime.of(7, 0)) && time.isBefore(LocalTime.of(19, 0));
    }

    private static Instant referencePlus(Region region, Instant start, int minutes) {
        Instant t = start;
        int counted = 0;
        while (counted < minutes) {
            if (businessMinute(region, t)) {
                counted++;
            }
            t = t.plusSeconds(60);
        }
        return t;
    }

    private static long referenceBetween(Region region, Instant from, Instant to) {
        long count = 0;
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            if (businessMinute(region, t)) {
                count++;
            }
        }
        return count;
    }

    private static Instant referenceNext(Region region, Instant at) {
        Instant t = at;
        while (!businessMinute(region, t)) {
            t = t.plusSeconds(60);
        }
        return t;
    }
}
