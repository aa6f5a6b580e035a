package io.gatehouse.platform.portal;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Runs portal work inside one organization's tenant scope and a transaction. Every portal facade method takes
 * the organization explicitly, because portal pages are served to developers who are not members of it: the
 * facade, not the request, decides the scope. Row-level security then keeps every read and write in that org.
 */
@Component
public class PortalScopes {

    private final TenantScopes scopes;
    private final TransactionTemplate tx;

    PortalScopes(TenantScopes scopes, TransactionTemplate tx) {
        this.scopes = scopes;
        this.tx = tx;
    }

    /** {@code work} in the organization's scope, in a transaction (joined when one is already running). */
    public <T> T in(OrgId org, Supplier<T> work) {
        if (org == null) {
            throw new IllegalArgumentException("the organization is required");
        }
        return scopes.call(TenantScope.org(org), () -> tx.execute(status -> work.get()));
    }

    /** {@code work} in the organization's scope, in a transaction. */
    public void run(OrgId org, Runnable work) {
        in(org, () -> {
            work.run();
            return null;
        });
    }
}
