package io.gatehouse.platform.analytics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.jobs.ClusterJobs;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The analytics housekeeping job, every {@code gatehouse.analytics.maintenance-interval}, once per cluster
 * ({@link ClusterJobs}; {@code pg_try_advisory_xact_lock} also keeps a direct {@link #run} from overlapping it): creates partitions ahead
 * (minutes 3 days, hours 2 months, days 2 years), rolls up the periods that ended ({@link TrafficRollups}), drops
 * partitions past their granularity's retention and forgets report ids older than the minute retention.
 */
@Component
public class AnalyticsMaintenance {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsMaintenance.class);

    /** What one run did; {@code ran} is false when another replica held the lock. */
    public record Outcome(boolean ran, int partitionsCreated, int partitionsDropped, int periodsRolledUp) {
    }

    private final JdbcTemplate jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final TrafficRollups rollups;
    private final AnalyticsProperties properties;
    private final Clock clock;
    private final ClusterJobs jobs;

    AnalyticsMaintenance(JdbcTemplate jdbc, TenantScopes scopes, TransactionTemplate tx, TrafficRollups rollups,
            AnalyticsProperties properties, Clock clock, ClusterJobs jobs) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.tx = tx;
        this.rollups = rollups;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${gatehouse.analytics.maintenance-interval:PT1M}", initialDelayString = "PT15S")
    void scheduled() {
        jobs.runOnce("analytics-maintenance", properties.maintenanceInterval(), () -> {
            Outcome outcome = run(clock.instant());
            if (outcome.partitionsCreated() + outcome.partitionsDropped() > 0) {
                log.info("Analytics maintenance: {} partitions created, {} dropped, {} periods rolled up",
                        outcome.partitionsCreated(), outcome.partitionsDropped(), outcome.periodsRolledUp());
            }
            return outcome.ran() ? outcome.partitionsCreated() + " partitions created, " + outcome.partitionsDropped()
                    + " dropped, " + outcome.periodsRolledUp() + " periods rolled up" : "skipped: a direct run was running";
        });
    }

    /** One run as of {@code now} (the schedule passes the clock's time; tests pass their own). */
    public Outcome run(Instant now) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtext('gatehouse.analytics.maintenance'))",
                    Boolean.class);
            if (!Boolean.TRUE.equals(locked)) {
                return new Outcome(false, 0, 0, 0);
            }
            Instant dayAgo = now.minus(Duration.ofDays(1));
            int created = create(Granularity.MINUTE, dayAgo, now.plus(Duration.ofDays(3)))
                    + create(Granularity.HOUR, dayAgo, now.atOffset(ZoneOffset.UTC).plus(Period.ofMonths(2)).toInstant())
                    + create(Granularity.DAY, dayAgo, now.atOffset(ZoneOffset.UTC).plus(Period.ofYears(2)).toInstant());
            int rolled = rollups.rollUp(now.minus(properties.rollupDelay()));
            int dropped = drop(Granularity.MINUTE, now.minus(properties.minuteRetention()))
                    + drop(Granularity.HOUR, now.minus(properties.hourRetention()))
                    + drop(Granularity.DAY, now.minus(properties.dayRetention()));
            jdbc.update("delete from analytics_report where received_at < ?",
                    Timestamp.from(now.minus(properties.minuteRetention())));
            return new Outcome(true, created, dropped, rolled);
        }));
    }

    private int create(Granularity granularity, Instant from, Instant to) {
        Integer created = jdbc.queryForObject("select analytics_create_partitions(?, ?, ?)", Integer.class,
                granularity.table(), Timestamp.from(from), Timestamp.from(to));
        return created == null ? 0 : created;
    }

    private int drop(Granularity granularity, Instant before) {
        Integer dropped = jdbc.queryForObject("select analytics_drop_partitions(?, ?)", Integer.class, granularity.table(),
                Timestamp.from(before));
        return dropped == null ? 0 : dropped;
    }
}
