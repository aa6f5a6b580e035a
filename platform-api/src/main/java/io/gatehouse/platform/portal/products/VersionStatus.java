package io.gatehouse.platform.portal.products;

import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of a product version: draft (only the console sees it) → published (in the catalogue,
 * open for registration) → deprecated (still listed and working, with a sunset date; no new registrations)
 * → retired (gone from the catalogue; its registrations stop working at the gateways).
 */
public enum VersionStatus {
    DRAFT, PUBLISHED, DEPRECATED, RETIRED;

    /** The lowercase name used in the API and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VersionStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    /** Whether developers see it in the catalogue. */
    public boolean listed() {
        return this == PUBLISHED || this == DEPRECATED;
    }

    /** The statuses this one may move to. */
    public Set<VersionStatus> next() {
        return switch (this) {
            case DRAFT -> Set.of(PUBLISHED, RETIRED);
            case PUBLISHED -> Set.of(DEPRECATED, RETIRED);
            case DEPRECATED -> Set.of(PUBLISHED, RETIRED);
            case RETIRED -> Set.of();
        };
    }
}
