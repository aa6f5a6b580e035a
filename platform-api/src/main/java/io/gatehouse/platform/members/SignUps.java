package io.gatehouse.platform.members;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.AsUser;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.organizations.Slugs;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Console sign-up: creates the user and their first organization, with the user as its admin, in one
 * transaction (all or nothing). The audit log names the new user as the actor.
 */
@Service
public class SignUps {

    private final Accounts accounts;
    private final Organizations organizations;
    private final Memberships memberships;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final InputCheck input;

    SignUps(Accounts accounts, Organizations organizations, Memberships memberships, TenantScopes scopes,
            TransactionTemplate tx, InputCheck input) {
        this.accounts = accounts;
        this.organizations = organizations;
        this.memberships = memberships;
        this.scopes = scopes;
        this.tx = tx;
        this.input = input;
    }

    /**
     * Signs a new user up.
     *
     * @throws io.gatehouse.platform.shared.errors.InvalidInputException with field messages for bad input
     * @throws io.gatehouse.platform.shared.errors.ConflictException when the email or the slug is taken
     */
    public SignedUp signUp(SignUp form) {
        input.check(form);
        String slug = form.organizationSlug() == null || form.organizationSlug().isBlank()
                ? Slugs.suggest(form.organizationName())
                : form.organizationSlug();
        if (accounts.findByEmail(form.email()).isPresent()) {
            throw InvalidInputException.field("email", "already has an account; sign in instead");
        }
        if (organizations.findPublicBySlug(slug).isPresent()) {
            throw InvalidInputException.field("organizationSlug", "'" + slug + "' is taken; choose another one");
        }
        return tx.execute(status -> {
            Account account = accounts.create(form.email(), form.name(), form.password());
            return AsUser.call(account, () -> scopes.call(TenantScope.user(account.getId()), () -> {
                Organization organization = organizations.create(slug, form.organizationName().strip());
                scopes.run(TenantScope.user(account.getId()).withOrg(organization.orgId()),
                        () -> memberships.add(organization.orgId(), account.getId(), OrgRole.ADMIN));
                return new SignedUp(account, organization);
            }));
        });
    }

    /**
     * Creates an organization with the calling user as its admin (one transaction). A platform admin's system
     * account may create one without members; it then invites the first admin.
     */
    public Organization found(io.gatehouse.platform.identity.Caller caller, String slug, String name) {
        if (!Slugs.isValid(slug)) {
            throw InvalidInputException.field("slug", Slugs.RULE);
        }
        if (caller.userId() == null && !caller.isPlatformAdmin()) {
            throw new io.gatehouse.platform.shared.errors.ForbiddenException(
                    "Only users and platform admins create organizations.");
        }
        TenantScope base = caller.userId() == null ? TenantScope.platform() : TenantScope.user(caller.userId());
        return scopes.call(base, () -> tx.execute(status -> {
            Organization organization = organizations.create(slug, name.strip());
            if (caller.userId() != null) {
                scopes.run(TenantScope.user(caller.userId()).withOrg(organization.orgId()),
                        () -> memberships.add(organization.orgId(), caller.userId(), OrgRole.ADMIN));
            }
            return organization;
        }));
    }
}
