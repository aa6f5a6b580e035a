package io.gatehouse.support;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;
import io.gatehouse.support.tickets.SupportActor;

/**
 * Organizations, users and subscriptions for the integration tests. Users and memberships are written
 * with SQL because the identity module lives on another branch; the rows are the V1 tables it owns.
 */
@Component
public class SupportFixtures {

    private final Organizations organizations;
    private final SupportSubscriptions subscriptions;
    private final CustomerContacts contacts;
    private final JdbcTemplate jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;

    SupportFixtures(Organizations organizations, SupportSubscriptions subscriptions, CustomerContacts contacts, JdbcTemplate jdbc,
            TenantScopes scopes, TransactionTemplate tx) {
        this.organizations = organizations;
        this.subscriptions = subscriptions;
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.tx = tx;
    }

    /** A customer organization with a subscription for every product and one designated contact. */
    public Customer customer(Coverage coverage, Region region, Integer maxContacts) {
        String suffix = suffix();
        Organization org = organizations.create("cust-" + suffix, "Customer " + suffix);
        subscriptions.save(new Subscription(org.orgId(), coverage, region, Set.of("gateway-enterprise", "mesh", "insomnia"),
                maxContacts, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31)));
        String email = "contact-" + suffix + "@example.com";
        UUID user = member(org.orgId(), email, "Casey " + suffix);
        contacts.designate(org.orgId(), user);
        return new Customer(org.orgId(), SupportActor.customer(user, "Casey " + suffix, org.orgId()), email);
    }

    public Customer customer() {
        return customer(Coverage.BUSINESS_HOURS, Region.AMERICAS, null);
    }

    /** A new user who is a member (VIEWER) of the organization. */
    public UUID member(OrgId org, String email, String name) {
        UUID id = user(email, name, null);
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(s -> jdbc.update(
                "insert into platform_membership (id, org_id, user_id, role, created_at) values (?, ?, ?, 'VIEWER', now())",
                UUID.randomUUID(), org.value(), id)));
        return id;
    }

    /** A support engineer. */
    public SupportActor engineer() {
        String name = "Engineer " + suffix();
        UUID id = user(name.replace(' ', '.').toLowerCase() + "@gatehouse.test", name, "SUPPORT_ENGINEER");
        return SupportActor.staff(id, name);
    }

    private UUID user(String email, String name, String platformRole) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> jdbc.update(
                "insert into platform_user (id, email, display_name, platform_role, created_at) values (?, ?, ?, ?, ?)",
                id, email, name, platformRole, Timestamp.from(java.time.Instant.now())));
        return id;
    }

    public static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A customer organization and its designated contact. */
    public record Customer(OrgId org, SupportActor contact, String email) {
    }
}
