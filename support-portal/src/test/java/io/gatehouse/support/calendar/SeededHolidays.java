package io.gatehouse.support.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The holiday rows exactly as the V20 migration seeds them, read from the migration file itself, so the
 * calendar tests run against the shipped data rather than a copy of it.
 */
final class SeededHolidays {

    private static final String MIGRATION = "db/migration/V20__support_business_calendars.sql";
    private static final Pattern ROW = Pattern.compile("\\('(AMERICAS|EMEA|AP_ANZ)', DATE '(\\d{4}-\\d{2}-\\d{2})', '((?:[^']|'')*)'\\)");

    static final List<Holiday> ALL = load();

    private SeededHolidays() {
    }

    static Set<LocalDate> of(Region region) {
        return ALL.stream().filter(h -> h.region() == region).map(Holiday::date).collect(Collectors.toSet());
    }

    static BusinessCalendar calendar(Region region) {
        return BusinessCalendar.forRegion(region, of(region));
    }

    private static List<Holiday> load() {
        try (InputStream in = SeededHolidays.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException(MIGRATION + " is not on the test classpath");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Holiday> holidays = new ArrayList<>();
            Matcher m = ROW.matcher(sql);
            while (m.find()) {
                holidays.add(new Holiday(Region.valueOf(m.group(1)), LocalDate.parse(m.group(2)),
                        m.group(3).replace("''", "'")));
            }
            return List.copyOf(holidays);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
