package io.gatehouse.platform.portal.settings;

import java.time.Instant;

/**
 * How an organization's developer portal looks and who may see it.
 *
 * @param publicPortal         true: anyone may browse the catalogue; false: only signed-in developers see anything
 * @param displayName          the portal's title (the organization's name when null)
 * @param logoUrl              an absolute https URL of the logo, or null
 * @param primaryColor         {@code #rrggbb} or null for the default
 * @param accentColor          {@code #rrggbb} or null for the default
 * @param developerAutoApprove true: a developer who verified their email may sign in at once; false: an admin approves
 * @param customHost           a host name that serves this portal besides {@code /portal/<slug>}, or null
 */
public record PortalSettings(boolean publicPortal, String displayName, String logoUrl, String primaryColor,
        String accentColor, boolean developerAutoApprove, String customHost, Instant updatedAt) {

    /** The settings of a portal nobody has configured yet. */
    public static PortalSettings defaults() {
        return new PortalSettings(true, null, null, null, null, true, null, null);
    }
}
