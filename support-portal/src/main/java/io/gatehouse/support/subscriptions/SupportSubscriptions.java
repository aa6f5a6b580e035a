package io.gatehouse.support.subscriptions;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.sla.Coverage;

/**
 * Support subscriptions per organization. Platform staff record them from the order form; everything else
 * reads them (in the caller's tenant scope, so an organization sees only its own).
 */
@Service
public class SupportSubscriptions {

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final ProductCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    SupportSubscriptions(JdbcTemplate jdbcTemplate, TenantScopes scopes, ProductCatalog catalog, AuditLog audit, Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or replaces an organization's subscription (platform staff). */
    @Transactional
    public Subscription save(Subscription subscription) {
        List<FieldViolation> violations = new ArrayList<>();
        if (subscription.coverage() == null) violations.add(new FieldViolation("coverage", "Choose BUSINESS_HOURS or ALWAYS."));
        if (subscription.region() == null) violations.add(new FieldViolation("region", "Choose AMERICAS, EMEA or AP_ANZ."));
        if (subscription.startsOn() == null) violations.add(new FieldViolation("startsOn", "Give the first day of the subscription."));
        if (subscription.endsOn() == null) violations.add(new FieldViolation("endsOn", "Give the last day of the subscription."));
        if (subscription.startsOn() != null && subscription.endsOn() != null && subscription.endsOn().isBefore(subscription.startsOn())) {
            violations.add(new FieldViolation("endsOn", "The subscription cannot end before it starts."));
        }
        if (subscription.maxContacts() != null && subscription.maxContacts() < 1) {
            violations.add(new FieldViolation("maxContacts", "Allow at least one contact, or leave empty for unlimited."));
        }
        if (subscription.products().isEmpty()) {
            violations.add(new FieldViolation("products", "Entitle at least one product."));
        }
        subscription.products().stream().filter(p -> catalog.find(p).isEmpty())
                .forEach(p -> violations.add(new FieldViolation("products", "Unknown product '" + p + "'.")));
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The subscription is not valid", violations);
        }
        OrgId org = subscription.org();
        scopes.run(TenantScope.platform(), () -> {
            Map<String, Object> before = find(org).map(SupportSubscriptions::snapshot).orElse(Map.of());
            jdbc.sql("""
                    insert into support_subscription (id, org_id, coverage, region, max_contacts, starts_on, ends_on, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (org_id) do update set coverage = excluded.coverage, region = excluded.region,
                        max_contacts = excluded.max_contacts, starts_on = excluded.starts_on, ends_on = excluded.ends_on,
                        version = support_subscription.version + 1
                    """)
                    .params(UUID.randomUUID(), org.value(), subscription.coverage().name(), subscription.region().name(),
                            subscription.maxContacts(), subscription.startsOn(), subscription.endsOn(),
                            java.sql.Timestamp.from(clock.instant()))
                    .update();
            jdbc.sql("delete from support_subscription_product where org_id = ?").param(org.value()).update();
            for (String product : subscription.products()) {
                jdbc.sql("insert into support_subscription_product (org_id, product) values (?, ?)").params(org.value(), product).update();
            }
            scopes.run(TenantScope.org(org), () -> audit.recordChange(before.isEmpty() ? "create" : "update",
                    "support_subscription", org, before, snapshot(subscription)));
        });
        return subscription;
    }

    /** The organization's subscription, if it has one visible in the current scope. */
    @Transactional(readOnly = true)
    public Optional<Subscription> find(OrgId org) {
        Set<String> products = new HashSet<>(jdbc.sql("select product from support_subscription_product where org_id = ?")
                .param(org.value()).query(String.class).list());
        return jdbc.sql("select coverage, region, max_contacts, starts_on, ends_on from support_subscription where org_id = ?")
                .param(org.value())
                .query((rs, n) -> new Subscription(org, Coverage.valueOf(rs.getString(1)), Region.valueOf(rs.getString(2)),
                        products, (Integer) rs.getObject(3), rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class)))
                .optional();
    }

    /** The subscription in force today, or a 404 naming the missing subscription. */
    @Transactional(readOnly = true)
    public Subscription requireActive(OrgId org) {
        Subscription subscription = find(org).orElseThrow(() -> new NotFoundException("support subscription", org));
        if (!subscription.activeOn(LocalDate.now(clock))) {
            throw InvalidInputException.field("subscription", "The support subscription ran from " + subscription.startsOn()
                    + " to " + subscription.endsOn() + " and is not in force today.");
        }
        return subscription;
    }

    private static Map<String, Object> snapshot(Subscription s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("coverage", s.coverage().name());
        map.put("region", s.region().name());
        map.put("products", s.products().stream().sorted().toList());
        map.put("maxContacts", s.maxContacts());
        map.put("startsOn", String.valueOf(s.startsOn()));
        map.put("endsOn", String.valueOf(s.endsOn()));
        return map;
    }
}
