package io.gatehouse.support.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The shipped holiday data checked against the rules that define it, so a typo in a date is caught:
 * US federal holidays and England &amp; Wales bank holidays are derived here from their statutory rules;
 * Singapore's lunar and Islamic dates cannot be derived, so the Sunday-replacement rule is checked.
 */
class HolidayDataTests {

    @Test
    void usFederalHolidaysFollowTheStatuteAndTheObservedDayRule() {
        Set<LocalDate> expected = new TreeSet<>();
        for (int year : new int[] {2026, 2027}) {
            expected.add(usObserved(LocalDate.of(year, 1, 1)));
            expected.add(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3));
            expected.add(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3));
            expected.add(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            expected.add(usObserved(LocalDate.of(year, 6, 19)));
            expected.add(usObserved(LocalDate.of(year, 7, 4)));
            expected.add(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));
            expected.add(nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2));
            expected.add(usObserved(LocalDate.of(year, 11, 11)));
            expected.add(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4));
            expected.add(usObserved(LocalDate.of(year, 12, 25)));
        }
        // New Year's Day 2028 falls on a Saturday and is observed on Friday 31 December 2027.
        expected.add(usObserved(LocalDate.of(2028, 1, 1)));

        assertThat(new TreeSet<>(SeededHolidays.of(Region.AMERICAS))).containsExactlyElementsOf(expected);
    }

    @Test
    void englandAndWalesBankHolidaysFollowTheActAndSubstituteDays() {
        Set<LocalDate> expected = new TreeSet<>();
        for (int year : new int[] {2026, 2027}) {
            LocalDate easter = easterSunday(year);
            expected.add(easter.minusDays(2));
            expected.add(easter.plusDays(1));
            expected.add(nth(year, Month.MAY, DayOfWeek.MONDAY, 1));
            expected.add(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            expected.add(LocalDate.of(year, 8, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
            Set<LocalDate> taken = new TreeSet<>();
            for (MonthDay fixed : new MonthDay[] {MonthDay.of(1, 1), MonthDay.of(12, 25), MonthDay.of(12, 26)}) {
                LocalDate day = fixed.atYear(year);
                while (isWeekend(day) || taken.contains(day)) {
                    day = day.plusDays(1);
                }
                taken.add(day);
            }
            expected.addAll(taken);
        }

        assertThat(new TreeSet<>(SeededHolidays.of(Region.EMEA))).containsExactlyElementsOf(expected);
        assertThat(easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
    }

    @Test
    void singaporeReplacesEverySundayHolidayWithTheFollowingMonday() {
        Set<LocalDate> days = SeededHolidays.of(Region.AP_ANZ);

        assertThat(days).hasSizeGreaterThanOrEqualTo(22);
        days.stream().filter(d -> d.getDayOfWeek() == DayOfWeek.SUNDAY)
                .forEach(sunday -> assertThat(days).as("replacement of %s", sunday).contains(sunday.plusDays(1)));
        assertThat(days).contains(LocalDate.of(2026, 2, 17), LocalDate.of(2026, 2, 18), LocalDate.of(2026, 6, 1),
                LocalDate.of(2026, 8, 10), LocalDate.of(2026, 11, 9), LocalDate.of(2027, 2, 8));
    }

    @Test
    void everyRegionHasDataForBothYears() {
        for (Region region : Region.values()) {
            for (int year : new int[] {2026, 2027}) {
                assertThat(SeededHolidays.of(region)).as("%s %s", region, year).anyMatch(d -> d.getYear() == year);
            }
        }
    }

    private static LocalDate usObserved(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> day.minusDays(1);
            case SUNDAY -> day.plusDays(1);
            default -> day;
        };
    }

    private static LocalDate nth(int year, Month month, DayOfWeek weekday, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" computus). */
    private static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
