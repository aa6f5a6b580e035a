package io.gatehouse.support.scan;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.jobs.ClusterJobs;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.tickets.TicketDesk;

/**
 * The scheduled SLA scan: raises warnings and breach alerts and auto-closes silent tickets.
 *
 * <pre>
 * every minute, once per cluster (ClusterJobs: the replica that claims the minute's slot runs it):
 *   BEGIN; pg_try_advisory_xact_lock(SCAN_LOCK)      -- false: a manual run() is scanning; done
 *   UPDATE support_sla_deadline SET notified_at = now  -- one set-based statement over the partial index
 *     WHERE notified_at IS NULL AND due_at &lt;= now      --   of pending deadlines, never a per-ticket loop;
 *                                                     --   the raised row is the alert (console, mail outbox)
 *   auto-close pairs due: warn the contact / close     -- few rows; through TicketDesk (timeline, audit)
 * COMMIT                                              -- lock released with the transaction
 * </pre>
 *
 * Deadlines are written by {@code TicketClocks} from the stored timeline after every change, so the scan
 * needs no in-memory state and survives restarts; {@code notified_at} makes every alert go out exactly
 * once even if scans overlap or a replica dies mid-scan (its transaction rolls back and the next scan
 * picks the rows up again).
 */
@Component
public class SlaScan {

    /** The advisory-lock key of the scan ("SLA SCAN" as ASCII). */
    static final long SCAN_LOCK = 0x534C415343414EL;

    private static final Logger log = LoggerFactory.getLogger(SlaScan.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantScopes scopes;
    private final TicketDesk desk;
    private final Clock clock;
    private final ClusterJobs jobs;
    private final SupportMetrics metrics;
    private final Duration interval;

    SlaScan(JdbcTemplate jdbcTemplate, TransactionTemplate tx, TenantScopes scopes, TicketDesk desk, Clock clock, ClusterJobs jobs,
            SupportMetrics metrics, @Value("${gatehouse.support.scan-interval:PT1M}") Duration interval) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.tx = tx;
        this.scopes = scopes;
        this.desk = desk;
        this.clock = clock;
        this.jobs = jobs;
        this.metrics = metrics;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${gatehouse.support.scan-interval:PT1M}", initialDelayString = "${gatehouse.support.scan-initial-delay:PT30S}")
    void scheduled() {
        jobs.runOnce("sla-scan", interval, () -> {
            ScanResult result = run();
            String summary = result.alerts() + " alerts, " + result.autoCloseWarnings().size() + " auto-close warnings, "
                    + result.autoClosed().size() + " tickets auto-closed";
            if (result.alerts() > 0 || !result.autoClosed().isEmpty()) {
                log.info("SLA scan: {}", summary);
            }
            return result.ran() ? summary : "skipped: a manual scan was running";
        });
    }

    /** Runs one scan now, unless one is already running (on any replica). */
    public ScanResult run() {
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(SCAN_LOCK).query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return ScanResult.SKIPPED;
            }
            Timestamp now = Timestamp.from(clock.instant());
            List<UUID> warn = new ArrayList<>();
            List<UUID> close = new ArrayList<>();
            record Raised(String kind, UUID ticket, String threshold, int severity, long count) {
            }
            List<Raised> raised = jdbc.sql("""
                    with due as (
                        update support_sla_deadline set notified_at = :now
                        where notified_at is null and due_at <= :now
                        returning ticket_id, threshold
                    )
                    select 'AUTO' as kind, ticket_id, threshold, 0 as severity, 0 as n from due
                    where threshold in ('AUTO_CLOSE_WARNING', 'AUTO_CLOSE')
                    union all
                    select 'BREACHES', null, null, t.severity, count(*) from due join support_ticket t on t.id = due.ticket_id
                    where due.threshold = 'BREACH' group by t.severity
                    union all
                    select 'ALERTS', null, null, 0, count(*) from due
                    """)
                    .param("now", now)
                    .query((rs, n) -> new Raised(rs.getString("kind"), rs.getObject("ticket_id", UUID.class), rs.getString("threshold"),
                            rs.getInt("severity"), rs.getLong("n")))
                    .list();
            int alerts = 0;
            for (Raised row : raised) {
                switch (row.kind()) {
                    case "ALERTS" -> alerts = (int) row.count();
                    case "BREACHES" -> afterCommit(() -> metrics.breached(row.severity(), row.count()));
                    default -> (row.threshold().equals("AUTO_CLOSE") ? close : warn).add(row.ticket());
                }
            }
            warn.forEach(desk::recordAutoCloseWarning);
            close.forEach(desk::closeForInactivity);
            return new ScanResult(true, alerts, List.copyOf(warn), List.copyOf(close));
        }));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
