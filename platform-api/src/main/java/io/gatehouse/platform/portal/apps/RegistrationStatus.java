package io.gatehouse.platform.portal.apps;

import java.util.Locale;

/** pending (waits for an admin) → approved | rejected; approved or pending → revoked. */
public enum RegistrationStatus {
    PENDING, APPROVED, REJECTED, REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RegistrationStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
