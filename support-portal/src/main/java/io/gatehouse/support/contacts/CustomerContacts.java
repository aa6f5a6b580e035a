package io.gatehouse.support.contacts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;

/**
 * Customer contacts (support policy §3): org users designated to file tickets, up to the number in the
 * order form. Org admins change them; platform staff may require a contact to complete training, which
 * blocks that contact from filing new tickets until cleared. Work runs in the organization's scope.
 */
@Service
public class CustomerContacts {

    static final String NOT_A_CONTACT = "Only your organization's designated support contacts can file tickets; ask an org admin to add you.";
    static final String TRAINING_REQUIRED = "Support asked you to complete the product training before filing new tickets; contact your account team.";

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final SupportSubscriptions subscriptions;
    private final AuditLog audit;
    private final Clock clock;

    CustomerContacts(JdbcTemplate jdbcTemplate, TenantScopes scopes, SupportSubscriptions subscriptions, AuditLog audit, Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Designates an org member as a contact; the subscription's contact limit is enforced. */
    @Transactional
    public Contact designate(OrgId org, UUID userId) {
        return scopes.call(TenantScope.org(org), () -> {
            Subscription subscription = subscriptions.find(org)
                    .orElseThrow(() -> new NotFoundException("support subscription", org));
            // Serialise designations per organization so two concurrent ones cannot both pass the limit.
            jdbc.sql("select id from support_subscription where org_id = ? for update").param(org.value()).query(UUID.class).list();
            Integer members = jdbc.sql("select count(*) from platform_membership where org_id = ? and user_id = ?")
                    .params(org.value(), userId).query(Integer.class).single();
            if (members == 0) {
                throw InvalidInputException.field("userId", "Only members of the organization can be support contacts.");
            }
            if (find(org, userId).isPresent()) {
                throw new ConflictException("This user is already a support contact.");
            }
            int count = jdbc.sql("select count(*) from support_contact where org_id = ?").param(org.value()).query(Integer.class).single();
            if (subscription.maxContacts() != null && count >= subscription.maxContacts()) {
                throw new ConflictException("The subscription allows " + subscription.maxContacts()
                        + " support contacts and all are designated; remove one before adding another.");
            }
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into support_contact (id, org_id, user_id, created_at) values (?, ?, ?, ?)")
                    .params(id, org.value(), userId, Timestamp.from(clock.instant())).update();
            audit.record("create", "support_contact", userId, Map.of("userId", userId.toString()));
            return find(org, userId).orElseThrow();
        });
    }

    /** Removes a contact. */
    @Transactional
    public void remove(OrgId org, UUID userId) {
        scopes.run(TenantScope.org(org), () -> {
            int removed = jdbc.sql("delete from support_contact where org_id = ? and user_id = ?").params(org.value(), userId).update();
            if (removed == 0) {
                throw new NotFoundException("support contact", userId);
            }
            audit.record("delete", "support_contact", userId, Map.of("userId", userId.toString()));
        });
    }

    /** Sets or clears "training required" (platform staff). */
    @Transactional
    public Contact setTrainingRequired(OrgId org, UUID userId, boolean required) {
        return scopes.call(TenantScope.org(org), () -> {
            int updated = jdbc.sql("update support_contact set training_required = ?, version = version + 1 where org_id = ? and user_id = ?")
                    .params(required, org.value(), userId).update();
            if (updated == 0) {
                throw new NotFoundException("support contact", userId);
            }
            audit.record("update", "support_contact", userId, Map.of("trainingRequired", required));
            return find(org, userId).orElseThrow();
        });
    }

    @Transactional(readOnly = true)
    public List<Contact> list(OrgId org) {
        return scopes.call(TenantScope.org(org), () -> jdbc.sql("""
                select c.user_id, u.email, u.display_name, c.training_required
                from support_contact c join platform_user u on u.id = c.user_id
                where c.org_id = ? order by u.display_name
                """).param(org.value())
                .query((rs, n) -> new Contact(org, rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .list());
    }

    @Transactional(readOnly = true)
    public Optional<Contact> find(OrgId org, UUID userId) {
        return scopes.call(TenantScope.org(org), () -> jdbc.sql("""
                select c.user_id, u.email, u.display_name, c.training_required
                from support_contact c join platform_user u on u.id = c.user_id
                where c.org_id = ? and c.user_id = ?
                """).params(org.value(), userId)
                .query((rs, n) -> new Contact(org, rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .optional());
    }

    /** The contacts with this e-mail address (case-insensitive) in any organization, for inbound mail. */
    @Transactional(readOnly = true)
    public List<Contact> findByEmail(String email) {
        return scopes.call(TenantScope.platform(), () -> jdbc.sql("""
                select c.org_id, c.user_id, u.email, u.display_name, c.training_required
                from support_contact c join platform_user u on u.id = c.user_id
                where lower(u.email) = lower(?)
                """).param(email)
                .query((rs, n) -> new Contact(new OrgId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getBoolean(5)))
                .list());
    }

    /** The contact allowed to file a new ticket, or a 403 saying why not. */
    @Transactional(readOnly = true)
    public Contact requireFiler(OrgId org, UUID userId) {
        Contact contact = find(org, userId).orElseThrow(() -> new ForbiddenException(NOT_A_CONTACT));
        if (contact.trainingRequired()) {
            throw new ForbiddenException(TRAINING_REQUIRED);
        }
        return contact;
    }
}
