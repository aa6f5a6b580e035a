package io.gatehouse.console.analytics;

import java.time.Duration;
import java.util.Locale;

import io.gatehouse.platform.analytics.Granularity;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/** The time ranges the dashboard (and the usage pages of portal applications) offer, each with its charts' granularity. */
public enum DashboardRange {

    LAST_HOUR("1h", "Last hour", Duration.ofHours(1), Granularity.MINUTE),
    LAST_6_HOURS("6h", "Last 6 hours", Duration.ofHours(6), Granularity.MINUTE),
    LAST_DAY("24h", "Last 24 hours", Duration.ofDays(1), Granularity.HOUR),
    LAST_WEEK("7d", "Last 7 days", Duration.ofDays(7), Granularity.HOUR),
    LAST_MONTH("30d", "Last 30 days", Duration.ofDays(30), Granularity.DAY);

    final String code;
    final String label;
    final Duration length;
    final Granularity granularity;

    DashboardRange(String code, String label, Duration length, Granularity granularity) {
        this.code = code;
        this.label = label;
        this.length = length;
        this.granularity = granularity;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public Granularity granularity() {
        return granularity;
    }

    /** The range of a request parameter (the last hour when absent); anything else is a field error. */
    public static DashboardRange of(String code) {
        if (code == null || code.isBlank()) {
            return LAST_HOUR;
        }
        for (DashboardRange range : values()) {
            if (range.code.equals(code.strip().toLowerCase(Locale.ROOT))) {
                return range;
            }
        }
        throw InvalidInputException.field("range", "must be one of 1h, 6h, 24h, 7d, 30d");
    }
}
