package io.gatehouse.console.support;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;
import io.gatehouse.support.tickets.SupportActor;

/**
 * Customer organizations for the support pages' tests: an organization with a 24x7x365 subscription for every
 * product, and people in it (users without passwords, signed in by the tests directly or by password).
 */
@Component
public class SupportCustomers {

    private final Organizations organizations;
    private final Accounts accounts;
    private final Memberships memberships;
    private final SupportSubscriptions subscriptions;
    private final CustomerContacts contacts;
    private final TenantScopes scopes;

    SupportCustomers(Organizations organizations, Accounts accounts, Memberships memberships,
            SupportSubscriptions subscriptions, CustomerContacts contacts, TenantScopes scopes) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.memberships = memberships;
        this.subscriptions = subscriptions;
        this.contacts = contacts;
        this.scopes = scopes;
    }

    /** An organization with a subscription (at most {@code maxContacts} contacts, null for any number). */
    public Organization organization(Integer maxContacts) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Organization org = organizations.create("support-" + suffix, "Support Customer " + suffix);
        subscriptions.save(new Subscription(org.orgId(), Coverage.ALWAYS, Region.EMEA,
                Set.of("gateway-enterprise", "mesh", "insomnia"), maxContacts, LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 12, 31)));
        return org;
    }

    /** A new member of the organization; {@code password} may be null for tests that sign in directly. */
    public SignedInUser member(Organization org, String name, OrgRole role, String password) {
        String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com";
        Account account = accounts.create(email, name, password);
        scopes.run(TenantScope.org(org.orgId()), () -> memberships.add(org.orgId(), account.getId(), role));
        return new SignedInUser(account.getId(), account.getEmail(), account.getDisplayName(), null, true, null);
    }

    /** A new member designated as a support contact. */
    public SignedInUser contact(Organization org, String name, String password) {
        SignedInUser user = member(org, name, OrgRole.VIEWER, password);
        contacts.designate(org.orgId(), user.userId());
        return user;
    }

    /** The desk's view of a contact, for filing through {@code TicketDesk} directly. */
    public static SupportActor actor(Organization org, SignedInUser user) {
        return SupportActor.customer(user.userId(), user.displayName(), org.orgId());
    }

    /** A support engineer. */
    public SupportActor engineer() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Account account = accounts.create("engineer-" + suffix + "@gatehouse.test", "Engineer " + suffix, null);
        accounts.grantPlatformRole(account.getId(), PlatformRole.SUPPORT_ENGINEER);
        return SupportActor.staff(account.getId(), account.getDisplayName());
    }
}
