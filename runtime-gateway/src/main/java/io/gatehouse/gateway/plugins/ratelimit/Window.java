package io.gatehouse.gateway.plugins.ratelimit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A fixed rate-limit window, aligned to UTC calendar boundaries. */
enum Window {
    SECOND("second", "Second"),
    MINUTE("minute", "Minute"),
    HOUR("hour", "Hour"),
    DAY("day", "Day"),
    MONTH("month", "Month"),
    YEAR("year", "Year");

    final String key;
    final String headerSuffix;
    final String limitHeader;
    final String remainingHeader;

    Window(String key, String headerSuffix) {
        this.key = key;
        this.headerSuffix = headerSuffix;
        this.limitHeader = "X-RateLimit-Limit-" + headerSuffix;
        this.remainingHeader = "X-RateLimit-Remaining-" + headerSuffix;
    }

    /** Start of the window containing {@code now}, in epoch seconds. */
    long start(Instant now) {
        long s = now.getEpochSecond();
        return switch (this) {
            case SECOND -> s;
            case MINUTE -> s - Math.floorMod(s, 60);
            case HOUR -> s - Math.floorMod(s, 3600);
            case DAY -> s - Math.floorMod(s, 86400);
            case MONTH -> {
                LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
                yield d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            case YEAR -> {
                LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfYear(1);
                yield d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
        };
    }

    /** Start of the next window, in epoch seconds. */
    long end(Instant now) {
        long start = start(now);
        return switch (this) {
            case SECOND -> start + 1;
            case MINUTE -> start + 60;
            case HOUR -> start + 3600;
            case DAY -> start + 86400;
            case MONTH -> ZonedDateTime.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC).plusMonths(1).toEpochSecond();
            case YEAR -> ZonedDateTime.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC).plusYears(1).toEpochSecond();
        };
    }
}
