package io.gatehouse.platform.members;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.tenancy.OrgId;

/** One organization a user belongs to, for the console's organization switcher. */
public record OrgMembership(OrgId org, String slug, String name, OrgRole role) {
}
