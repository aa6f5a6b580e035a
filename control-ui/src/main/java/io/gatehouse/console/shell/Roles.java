package io.gatehouse.console.shell;

import java.util.Arrays;
import java.util.List;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.OrgRole;

/** The roles a caller may hand out in its organization: never more than its own. */
public final class Roles {

    private Roles() {
    }

    public static List<OrgRole> grantableBy(Caller caller) {
        OrgRole own = caller.isPlatformAdmin() || caller.role() == null ? OrgRole.ADMIN : caller.role();
        return Arrays.stream(OrgRole.values()).filter(own::includes).toList();
    }
}
