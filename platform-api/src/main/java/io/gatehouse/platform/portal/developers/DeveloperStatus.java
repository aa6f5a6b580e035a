package io.gatehouse.platform.portal.developers;

import java.util.Locale;

/**
 * Where a developer stands: {@code UNVERIFIED} until the emailed link is opened, then {@code ACTIVE} (portal
 * with auto-approval) or {@code PENDING} (an admin approves or rejects); an admin may suspend an active
 * developer (their applications' credentials stop working) and reinstate them.
 */
public enum DeveloperStatus {
    UNVERIFIED, PENDING, ACTIVE, REJECTED, SUSPENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeveloperStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
