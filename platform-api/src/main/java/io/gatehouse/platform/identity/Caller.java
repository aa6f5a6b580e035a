package io.gatehouse.platform.identity;

import java.util.Set;
import java.util.UUID;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * The authenticated caller of a request, whatever the credential: a console session, a personal access
 * token or a system account's JWT. Built once per request, after authentication, by the tenant resolution
 * of the security filter chains; read it through {@link CurrentCaller}.
 *
 * @param userId       the user, or {@code null} for a system account
 * @param name         a display name (user name, system account name)
 * @param email        the user's email, or {@code null} for a system account
 * @param actor        how the audit log names this caller
 * @param org          the organization this request acts in, or {@code null} if none
 * @param role         the caller's role in {@code org}, or {@code null} (no org, or platform staff acting in an
 *                     org they are not a member of)
 * @param platformRole the platform staff role, or {@code null} if not staff
 * @param scopes       the scopes of the credential (a token's scopes; empty for a console session)
 */
public record Caller(UUID userId, String name, String email, Actor actor, OrgId org, OrgRole role,
        PlatformRole platformRole, Set<String> scopes) implements Actor.Source {

    public Caller {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** Whether the caller may act with at least {@code min} in its org; platform admins always may. */
    public boolean hasOrgRole(OrgRole min) {
        if (org == null) {
            return false;
        }
        return isPlatformAdmin() || (role != null && role.includes(min));
    }

    public boolean isPlatformAdmin() {
        return platformRole == PlatformRole.PLATFORM_ADMIN;
    }

    public boolean isUser() {
        return userId != null;
    }

    /** The same caller acting in an organization with a role there. */
    public Caller inOrg(OrgId org, OrgRole role) {
        return new Caller(userId, name, email, actor, org, role, platformRole, scopes);
    }
}
