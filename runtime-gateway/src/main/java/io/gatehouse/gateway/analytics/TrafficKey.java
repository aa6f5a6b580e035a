package io.gatehouse.gateway.analytics;

import io.gatehouse.gateway.sync.TrafficReport;

/** What traffic is grouped by inside one bucket. */
record TrafficKey(String service, String route, String consumer, int statusClass) {

    static TrafficKey overflow(int statusClass) {
        return new TrafficKey(TrafficReport.Row.OVERFLOW, TrafficReport.Row.OVERFLOW, TrafficReport.Row.OVERFLOW,
                statusClass);
    }

    boolean isOverflow() {
        return TrafficReport.Row.OVERFLOW.equals(service);
    }

    /** 1–5 for 1xx–5xx; 0 when no status was sent (the client went away first) or it is out of range. */
    static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 : 0;
    }
}
