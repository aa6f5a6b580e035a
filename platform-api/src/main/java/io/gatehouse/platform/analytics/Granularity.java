package io.gatehouse.platform.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The resolutions traffic is stored and queried at; each has its own table (UTC periods). */
public enum Granularity {

    MINUTE("analytics_traffic_minute", Duration.ofMinutes(1), ChronoUnit.MINUTES),
    HOUR("analytics_traffic_hour", Duration.ofHours(1), ChronoUnit.HOURS),
    DAY("analytics_traffic_day", Duration.ofDays(1), ChronoUnit.DAYS);

    private final String table;
    private final Duration step;
    private final ChronoUnit unit;

    Granularity(String table, Duration step, ChronoUnit unit) {
        this.table = table;
        this.step = step;
        this.unit = unit;
    }

    String table() {
        return table;
    }

    /** The length of one period. */
    public Duration step() {
        return step;
    }

    /** The start of the period holding {@code instant}. */
    public Instant truncate(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).truncatedTo(unit).toInstant();
    }

    /** The wire name ({@code minute}, {@code hour}, {@code day}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
