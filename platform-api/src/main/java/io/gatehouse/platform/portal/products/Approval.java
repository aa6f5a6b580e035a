package io.gatehouse.platform.portal.products;

import java.util.Locale;

/** Whether a registration on a plan is approved at once or waits for an admin. */
public enum Approval {
    AUTO, MANUAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Approval of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
