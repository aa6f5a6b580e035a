package io.gatehouse.support.calendar;

import java.time.ZoneId;

/**
 * A customer's support region; it picks the time zone of business hours (support policy: "in the time
 * zone of the customer's region") and the holidays that are not business days.
 */
public enum Region {
    AMERICAS(ZoneId.of("America/Chicago")),
    EMEA(ZoneId.of("Europe/London")),
    AP_ANZ(ZoneId.of("Asia/Singapore"));

    private final ZoneId zone;

    Region(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }
}
