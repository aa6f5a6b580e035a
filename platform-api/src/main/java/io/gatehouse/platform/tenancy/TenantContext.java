package io.gatehouse.platform.tenancy;

import java.util.Optional;

/**
 * The {@link TenantScope} of the current thread. Web requests set it once the caller's organization is
 * resolved; background work sets it explicitly through {@link TenantScopes}. The transaction manager
 * reads it when a transaction begins.
 */
public final class TenantContext {

    private static final ThreadLocal<TenantScope> CURRENT = ThreadLocal.withInitial(TenantScope::none);

    private TenantContext() {
    }

    public static TenantScope current() {
        return CURRENT.get();
    }

    public static Optional<OrgId> currentOrg() {
        return Optional.ofNullable(CURRENT.get().org());
    }

    /** The organization this work is for; fails when none is set, which is a programming error. */
    public static OrgId requireOrg() {
        return currentOrg().orElseThrow(() -> new IllegalStateException("no organization in the tenant scope"));
    }

    static TenantScope set(TenantScope scope) {
        TenantScope previous = CURRENT.get();
        CURRENT.set(scope == null ? TenantScope.none() : scope);
        return previous;
    }

    static void clear() {
        CURRENT.remove();
    }
}
