package io.gatehouse.support.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The SLA policy in force, read from {@code support_sla_target} and {@code support_sla_warning} (seeded by
 * V21) and cached: re-read after a change through this replica, and at least every {@link #REFRESH} so that
 * changes made through another replica apply too.
 */
@Service
public class SlaPolicies {

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    /** How long a replica trusts its copy before re-reading, so an edit made elsewhere applies within this time. */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final Clock clock;
    private volatile SlaPolicy current;
    private volatile Instant loadedAt = Instant.MIN;

    SlaPolicies(JdbcTemplate jdbcTemplate, TenantScopes scopes, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The policy in force. */
    @Transactional(readOnly = true)
    public SlaPolicy current() {
        SlaPolicy policy = current;
        Instant now = clock.instant();
        if (policy == null || now.isBefore(loadedAt) || now.isAfter(loadedAt.plus(REFRESH))) {
            List<SlaTargetRule> rules = jdbc.sql("select metric, coverage, severity, product, minutes, basis from support_sla_target")
                    .query((rs, n) -> new SlaTargetRule(SlaMetric.valueOf(rs.getString(1)), Coverage.valueOf(rs.getString(2)),
                            Severity.of(rs.getInt(3)), rs.getString(4),
                            new SlaTarget(Duration.ofMinutes(rs.getInt(5)), TimeBasis.valueOf(rs.getString(6)))))
                    .list();
            List<Integer> warnings = jdbc.sql("select percent from support_sla_warning").query(Integer.class).list();
            policy = new SlaPolicy(rules, warnings);
            current = policy;
            loadedAt = now;
        }
        return policy;
    }

    /** Sets one cell of the matrix (platform admins); product {@code null} sets the default for all products. */
    @Transactional
    public void setTarget(SlaTargetRule rule) {
        if (rule.target().duration().toSeconds() % 60 != 0) {
            throw InvalidInputException.field("minutes", "SLA targets are whole minutes.");
        }
        long minutes = rule.target().duration().toMinutes();
        if (minutes < 1 || minutes > 525_600) {
            throw InvalidInputException.field("minutes", "An SLA target is 1 minute to 365 days.");
        }
        scopes.run(TenantScope.platform(), () -> {
            jdbc.sql("""
                    insert into support_sla_target (metric, coverage, severity, product, minutes, basis) values (?, ?, ?, ?, ?, ?)
                    on conflict (metric, coverage, severity, coalesce(product, ''))
                    do update set minutes = excluded.minutes, basis = excluded.basis, version = support_sla_target.version + 1
                    """)
                    .params(rule.metric().name(), rule.coverage().name(), rule.severity().level(), rule.product(),
                            rule.target().duration().toMinutes(), rule.target().basis().name())
                    .update();
            audit.record("update", "support_sla_target",
                    rule.metric() + "/" + rule.coverage() + "/" + rule.severity().level() + "/" + (rule.product() == null ? "*" : rule.product()),
                    Map.of("minutes", rule.target().duration().toMinutes(), "basis", rule.target().basis().name()));
        });
        changed("target");
    }

    /**
     * Removes a product's own cell, so the default for every product applies again (platform admins). The
     * defaults themselves cannot be removed: every combination needs a target.
     */
    @Transactional
    public void removeTarget(SlaMetric metric, Coverage coverage, Severity severity, String product) {
        if (product == null) {
            throw new ConflictException("The default targets cannot be removed, only changed; remove a product's own target instead.");
        }
        scopes.run(TenantScope.platform(), () -> {
            int removed = jdbc.sql("delete from support_sla_target where metric = ? and coverage = ? and severity = ? and product = ?")
                    .params(metric.name(), coverage.name(), severity.level(), product).update();
            if (removed == 0) {
                throw new NotFoundException("SLA target", metric + "/" + coverage + "/" + severity.level() + "/" + product);
            }
            audit.record("delete", "support_sla_target", metric + "/" + coverage + "/" + severity.level() + "/" + product, Map.of());
        });
        changed("target");
    }

    /** Forgets the cached policy, so the next use reads the table (after a change committed). */
    public void reload() {
        current = null;
    }

    /** Every cell of the matrix, defaults first. */
    @Transactional(readOnly = true)
    public List<SlaTargetRule> rules() {
        return jdbc.sql("select metric, coverage, severity, product, minutes, basis from support_sla_target"
                        + " order by product nulls first, metric, coverage, severity")
                .query((rs, n) -> new SlaTargetRule(SlaMetric.valueOf(rs.getString(1)), Coverage.valueOf(rs.getString(2)),
                        Severity.of(rs.getInt(3)), rs.getString(4),
                        new SlaTarget(Duration.ofMinutes(rs.getInt(5)), TimeBasis.valueOf(rs.getString(6)))))
                .list();
    }

    /** Replaces the warning percentages (platform admins): each 1–99, at most 5, no duplicates. */
    @Transactional
    public void setWarnings(List<Integer> percents) {
        if (percents == null || percents.size() > 5 || percents.stream().anyMatch(p -> p == null || p < 1 || p > 99)
                || percents.stream().distinct().count() != percents.size()) {
            throw InvalidInputException.field("percents", "Give up to 5 different percentages from 1 to 99.");
        }
        scopes.run(TenantScope.platform(), () -> {
            List<Integer> before = jdbc.sql("select percent from support_sla_warning order by percent").query(Integer.class).list();
            jdbc.sql("delete from support_sla_warning").update();
            for (Integer percent : percents) {
                jdbc.sql("insert into support_sla_warning (percent) values (?)").param(percent).update();
            }
            audit.record("update", "support_sla_warning", "percents",
                    Map.of("percents", Map.of("from", before, "to", percents.stream().sorted().toList())));
        });
        changed("warnings");
    }

    private void changed(String what) {
        current = null;
        events.publishEvent(new SlaPolicyChanged(what));
    }
}
