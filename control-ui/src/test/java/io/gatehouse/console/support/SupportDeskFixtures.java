package io.gatehouse.console.support;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

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
import io.gatehouse.support.tickets.NewTicket;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;

/** Customers with a support subscription and a contact, support engineers and tickets, for the console's tests. */
public final class SupportDeskFixtures {

    private final Accounts accounts;
    private final Organizations organizations;
    private final Memberships memberships;
    private final SupportSubscriptions subscriptions;
    private final CustomerContacts contacts;
    private final TicketDesk desk;
    private final TenantScopes scopes;

    public SupportDeskFixtures(ApplicationContext context) {
        this.accounts = context.getBean(Accounts.class);
        this.organizations = context.getBean(Organizations.class);
        this.memberships = context.getBean(Memberships.class);
        this.subscriptions = context.getBean(SupportSubscriptions.class);
        this.contacts = context.getBean(CustomerContacts.class);
        this.desk = context.getBean(TicketDesk.class);
        this.scopes = context.getBean(TenantScopes.class);
    }

    /** A customer organization (Business Hours, Americas) with one designated contact, who can sign in with {@code password} if given. */
    public Customer customer(String password) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Organization org = organizations.create("cust-" + suffix, "Customer " + suffix);
        Account contact = accounts.create("contact-" + suffix + "@example.com", "Casey " + suffix, password);
        scopes.run(TenantScope.org(org.orgId()), () -> memberships.add(org.orgId(), contact.getId(), OrgRole.VIEWER));
        subscriptions.save(new Subscription(org.orgId(), Coverage.BUSINESS_HOURS, Region.AMERICAS,
                Set.of("gateway-enterprise", "mesh", "insomnia"), null, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31)));
        contacts.designate(org.orgId(), contact.getId());
        return new Customer(org, contact, SupportActor.customer(contact.getId(), contact.getDisplayName(), org.orgId()));
    }

    /** A support engineer, who can sign in with {@code password} if given. */
    public Account engineer(String password) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Account account = accounts.create("engineer-" + suffix + "@gatehouse.test", "Eve Engineer " + suffix, password);
        return accounts.grantPlatformRole(account.getId(), PlatformRole.SUPPORT_ENGINEER);
    }

    /** The engineer as a signed-in console user. */
    public static SignedInUser session(Account engineer) {
        return new SignedInUser(engineer.getId(), engineer.getEmail(), engineer.getDisplayName(), engineer.getPlatformRole(), true, null);
    }

    /** A ticket the customer's contact files. */
    public Ticket ticket(Customer customer, int severity, String subject) {
        return desk.open(customer.actor(), new NewTicket("gateway-enterprise", "3.4.3.0", severity, subject,
                "Every POST through the gateway fails with a 502 since the upgrade.", "Kubernetes 1.31"));
    }

    /** A customer organization and its support contact. */
    public record Customer(Organization org, Account contact, SupportActor actor) {

        public SignedInUser session() {
            return new SignedInUser(contact.getId(), contact.getEmail(), contact.getDisplayName(), null, true, null);
        }
    }
}
