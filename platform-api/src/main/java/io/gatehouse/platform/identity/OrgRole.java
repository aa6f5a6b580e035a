package io.gatehouse.platform.identity;

/**
 * A member's role in one organization. Roles are ordered: an admin can do everything an editor can, an
 * editor everything a viewer can.
 */
public enum OrgRole {
    /** Manages the organization: members, invitations, tokens, system accounts, SSO, and all config. */
    ADMIN,
    /** Changes configuration (control planes, services, routes, plugins, portal). */
    EDITOR,
    /** Reads everything, changes nothing. */
    VIEWER;

    /** Whether this role grants at least what {@code other} grants (ADMIN ⊇ EDITOR ⊇ VIEWER). */
    public boolean includes(OrgRole other) {
        return other != null && ordinal() <= other.ordinal();
    }

    /** The weaker of two roles; used to cap a token's role by its user's membership. */
    public static OrgRole lesser(OrgRole a, OrgRole b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
