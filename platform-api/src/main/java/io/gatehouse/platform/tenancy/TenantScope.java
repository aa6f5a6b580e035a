package io.gatehouse.platform.tenancy;

import java.util.UUID;

/**
 * On whose behalf the current unit of work runs. It is turned into PostgreSQL settings at the start of
 * every transaction ({@code app.org_id}, {@code app.user_id}, {@code app.scope}) that the row-level
 * security policies read, so a query that forgets its tenant filter still sees only this tenant's rows.
 *
 * @param org      the organization acted for, or {@code null} outside any organization
 * @param userId   the signed-in user, or {@code null}; lets a user see their own memberships across orgs
 * @param crossTenant whether this is trusted platform code working across tenants (staff queue, sync hub,
 *                 scheduled jobs); never derived from anything a caller sends
 */
public record TenantScope(OrgId org, UUID userId, boolean crossTenant) {

    private static final TenantScope NONE = new TenantScope(null, null, false);
    private static final TenantScope PLATFORM = new TenantScope(null, null, true);

    public static TenantScope none() {
        return NONE;
    }

    public static TenantScope platform() {
        return PLATFORM;
    }

    public static TenantScope org(OrgId org) {
        return new TenantScope(org, null, false);
    }

    public static TenantScope user(UUID userId) {
        return new TenantScope(null, userId, false);
    }

    public TenantScope withOrg(OrgId org) {
        return new TenantScope(org, userId, crossTenant);
    }
}
