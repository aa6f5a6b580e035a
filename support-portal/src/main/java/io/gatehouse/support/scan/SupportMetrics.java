package io.gatehouse.support.scan;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The support desk's health for Prometheus (the Grafana dashboard's "Support SLA" row and the Sev 1 alert):
 * {@code gatehouse_support_tickets_open} and {@code gatehouse_support_sla_due_soon} (tickets past a warning
 * threshold whose breach is still ahead) per severity, read from the database at most every
 * {@link #REFRESH} so that a scrape costs one grouped query, and {@code gatehouse_support_sla_breaches_total}
 * per severity, counted by the scan that raises them (once per cluster, so the sum over replicas is exact).
 */
@Component
public class SupportMetrics {

    static final Duration REFRESH = Duration.ofSeconds(15);
    private static final int SEVERITIES = 4;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantScopes scopes;
    private final Clock clock;
    private final Counter[] breaches = new Counter[SEVERITIES];
    private volatile Snapshot snapshot;

    private record Snapshot(Instant at, long[] open, long[] dueSoon) {
    }

    SupportMetrics(JdbcTemplate jdbcTemplate, TransactionTemplate tx, TenantScopes scopes, Clock clock, MeterRegistry meters) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.tx = tx;
        this.scopes = scopes;
        this.clock = clock;
        for (int severity = 1; severity <= SEVERITIES; severity++) {
            int index = severity - 1;
            String tag = String.valueOf(severity);
            Gauge.builder("gatehouse.support.tickets.open", this, metrics -> metrics.current().open()[index])
                    .description("Tickets not yet resolved or closed").tag("severity", tag).register(meters);
            Gauge.builder("gatehouse.support.sla.due.soon", this, metrics -> metrics.current().dueSoon()[index])
                    .description("Open tickets past an SLA warning threshold whose breach is still ahead").tag("severity", tag)
                    .register(meters);
            breaches[index] = Counter.builder("gatehouse.support.sla.breaches")
                    .description("SLA breaches raised by the scan").tag("severity", tag).register(meters);
        }
    }

    /** Counts breaches the scan just raised, by severity (1–4). */
    void breached(int severity, long count) {
        if (severity >= 1 && severity <= SEVERITIES && count > 0) {
            breaches[severity - 1].increment(count);
        }
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.at().plus(REFRESH))) {
            last = read(now);
            snapshot = last;
        }
        return last;
    }

    private Snapshot read(Instant now) {
        long[] open = new long[SEVERITIES];
        long[] dueSoon = new long[SEVERITIES];
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> jdbc.sql("""
                select t.severity, count(*),
                       count(*) filter (where exists (
                           select 1 from support_sla_deadline w join support_sla_deadline b
                               on b.ticket_id = w.ticket_id and b.clock = w.clock and b.cycle = w.cycle and b.threshold = 'BREACH'
                           where w.ticket_id = t.id and w.threshold like 'WARN%' and w.notified_at is not null
                             and b.notified_at is null and b.due_at > :now))
                from support_ticket t
                where t.status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')
                group by t.severity
                """)
                .param("now", Timestamp.from(now))
                .query(rs -> {
                    int index = rs.getInt(1) - 1;
                    open[index] = rs.getLong(2);
                    dueSoon[index] = rs.getLong(3);
                })));
        return new Snapshot(now, open, dueSoon);
    }
}
