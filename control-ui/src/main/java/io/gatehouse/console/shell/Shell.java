package io.gatehouse.console.shell;

import java.util.List;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.organizations.Organization;

/**
 * What the console layout shows around every full page: the signed-in caller, the organization the page
 * belongs to (or {@code null} outside one), the caller's organizations for the switcher, and which
 * navigation entry is the current page.
 */
public record Shell(Caller caller, Organization org, List<Organization> orgs, String section) {

    /** Whether the caller may administer the current organization (members, tokens, accounts, SSO). */
    public boolean admin() {
        return org != null && caller.hasOrgRole(io.gatehouse.platform.identity.OrgRole.ADMIN);
    }
}
