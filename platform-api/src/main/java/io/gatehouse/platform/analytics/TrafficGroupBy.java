package io.gatehouse.platform.analytics;

import java.util.Locale;

/** What series are split by. */
public enum TrafficGroupBy {

    SERVICE,
    ROUTE,
    CONSUMER,
    STATUS_CLASS;

    /** The wire name ({@code status_class}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String keyOf(TrafficRow row) {
        return switch (this) {
            case SERVICE -> row.service();
            case ROUTE -> row.route();
            case CONSUMER -> row.consumer();
            case STATUS_CLASS -> row.statusClass() == 0 ? "none" : row.statusClass() + "xx";
        };
    }
}
