package io.gatehouse.support.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/** Named edge cases of the business-hours arithmetic, on the shipped holiday data. */
class BusinessCalendarTests {

    private final BusinessCalendar chicago = SeededHolidays.calendar(Region.AMERICAS);
    private final BusinessCalendar london = SeededHolidays.calendar(Region.EMEA);
    private final BusinessCalendar singapore = SeededHolidays.calendar(Region.AP_ANZ);

    @Test
    void fridayOneMinuteBeforeCloseCarriesOverTheWeekend() {
        // Friday 13 Nov 2026 18:59 Chicago + 2 business hours: 1 minute on Friday, 119 on Monday.
        Instant start = at(Region.AMERICAS, "2026-11-13T18:59");

        assertThat(chicago.plusMinutes(start, 120)).isEqualTo(at(Region.AMERICAS, "2026-11-16T08:59"));
        assertThat(chicago.plusMinutes(start, 1)).isEqualTo(at(Region.AMERICAS, "2026-11-13T19:00"));
    }

    @Test
    void aHolidayMondayIsSkipped() {
        // Friday before Labor Day (Monday 7 Sep 2026): 4 business hours from 17:00 end on Tuesday 09:00.
        Instant start = at(Region.AMERICAS, "2026-09-04T17:00");

        assertThat(chicago.plusMinutes(start, 240)).isEqualTo(at(Region.AMERICAS, "2026-09-08T09:00"));
        assertThat(chicago.minutesBetween(start, at(Region.AMERICAS, "2026-09-08T09:00"))).isEqualTo(240);
    }

    @Test
    void easterMondayAndGoodFridayAreSkippedInLondon() {
        // Thursday 2 Apr 2026 18:00 + 2 business hours: 1 hour Thursday, then Tuesday 7 Apr 08:00.
        Instant start = at(Region.EMEA, "2026-04-02T18:00");

        assertThat(london.plusMinutes(start, 120)).isEqualTo(at(Region.EMEA, "2026-04-07T08:00"));
    }

    @Test
    void singaporeObservedMondayIsNotABusinessDay() {
        // National Day Sunday 9 Aug 2026 is observed on Monday 10 Aug.
        assertThat(singapore.isBusinessTime(at(Region.AP_ANZ, "2026-08-10T10:00"))).isFalse();
        assertThat(singapore.nextBusinessInstant(at(Region.AP_ANZ, "2026-08-08T10:00")))
                .isEqualTo(at(Region.AP_ANZ, "2026-08-11T07:00"));
    }

    @Test
    void springForwardNightDoesNotShortenTheBusinessDay() {
        // US clocks go forward on Sunday 8 Mar 2026 02:00. Friday 18:00 + 2h → Monday 08:00 CDT.
        Instant friday = at(Region.AMERICAS, "2026-03-06T18:00");
        Instant monday = chicago.plusMinutes(friday, 120);

        assertThat(monday).isEqualTo(at(Region.AMERICAS, "2026-03-09T08:00"));
        assertThat(monday).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(Duration.between(friday, monday)).isEqualTo(Duration.ofHours(61)); // 62 local hours, one lost
    }

    @Test
    void fallBackNightDoesNotLengthenTheBusinessDay() {
        // UK clocks go back on Sunday 25 Oct 2026 02:00 BST → 01:00 GMT.
        Instant friday = at(Region.EMEA, "2026-10-23T18:30");
        Instant monday = london.plusMinutes(friday, 60);

        assertThat(monday).isEqualTo(Instant.parse("2026-10-26T07:30:00Z"));
        assertThat(london.between(friday, monday)).isEqualTo(Duration.ofHours(1));
        assertThat(london.between(at(Region.EMEA, "2026-10-26T00:00"), at(Region.EMEA, "2026-10-27T00:00")))
                .isEqualTo(Duration.ofHours(12));
    }

    @Test
    void creationOutsideHoursStartsAtTheNextOpening() {
        Instant saturdayNight = at(Region.EMEA, "2026-11-21T23:40");

        assertThat(london.nextBusinessInstant(saturdayNight)).isEqualTo(at(Region.EMEA, "2026-11-23T07:00"));
        assertThat(london.plusMinutes(saturdayNight, 90)).isEqualTo(at(Region.EMEA, "2026-11-23T08:30"));
        assertThat(london.plusMinutes(at(Region.EMEA, "2026-11-23T06:59"), 1)).isEqualTo(at(Region.EMEA, "2026-11-23T07:01"));
    }

    @Test
    void aTargetEndingExactlyAtCloseIsDueAtClose() {
        Instant morning = at(Region.AP_ANZ, "2026-11-20T07:00");

        assertThat(singapore.plusMinutes(morning, 12 * 60)).isEqualTo(at(Region.AP_ANZ, "2026-11-20T19:00"));
        assertThat(singapore.plusMinutes(morning, 12 * 60 + 1)).isEqualTo(at(Region.AP_ANZ, "2026-11-23T07:01"));
    }

    @Test
    void christmasToNewYearInLondonSkipsSubstituteDays() {
        // 2027: Christmas (Sat) and Boxing Day (Sun) are substituted by Mon 27 and Tue 28 Dec.
        Instant friday = at(Region.EMEA, "2027-12-24T12:00");

        assertThat(london.plusMinutes(friday, 12 * 60)).isEqualTo(at(Region.EMEA, "2027-12-29T12:00"));
    }

    @Test
    void betweenIsAntisymmetricAndZeroOutsideHours() {
        Instant a = at(Region.AMERICAS, "2026-11-20T10:00");
        Instant b = at(Region.AMERICAS, "2026-11-23T10:00");

        assertThat(chicago.between(a, b)).isEqualTo(Duration.ofHours(12));
        assertThat(chicago.between(b, a)).isEqualTo(Duration.ofHours(-12));
        assertThat(chicago.between(at(Region.AMERICAS, "2026-11-21T08:00"), at(Region.AMERICAS, "2026-11-22T18:00")))
                .isZero();
    }

    @Test
    void alwaysOpenIsWallClockTime() {
        BusinessCalendar always = BusinessCalendar.alwaysOpen();
        Instant start = Instant.parse("2026-03-08T07:30:00Z");

        assertThat(always.plusMinutes(start, 60)).isEqualTo(Instant.parse("2026-03-08T08:30:00Z"));
        assertThat(always.between(start, start.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(always.nextBusinessInstant(start)).isEqualTo(start);
    }

    @Test
    void negativeAmountsAreRejected() {
        assertThatThrownBy(() -> chicago.plus(Instant.EPOCH, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusinessCalendar.alwaysOpen().plus(Instant.EPOCH, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Instant at(Region region, String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), region.zone()).toInstant();
    }
}
