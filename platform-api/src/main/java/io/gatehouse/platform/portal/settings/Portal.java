package io.gatehouse.platform.portal.settings;

import io.gatehouse.platform.tenancy.OrgId;

/** An organization's developer portal, as its public pages address it: {@code /portal/<slug>}. */
public record Portal(OrgId org, String slug, String organizationName, PortalSettings settings) {

    /** The title to show: the configured display name, else the organization's name. */
    public String title() {
        return settings.displayName() != null ? settings.displayName() : organizationName;
    }
}
