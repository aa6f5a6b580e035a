package io.gatehouse.platform.analytics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.sync.TokenGrant;
import io.gatehouse.platform.sync.TrafficSink;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores the traffic reports gateways send over config sync: in one transaction, the report's id
 * (control plane, node, stream, seq) — a report stored before is acknowledged again and not counted twice —, its
 * rows in {@code analytics_traffic_minute}, and the hours and days they fall in as pending rollups (so a late
 * report re-rolls a period already rolled up). Rows that cannot be right (bad histogram, negative counts, ids over
 * 64 characters, buckets outside the minute retention or more than a day ahead) are skipped and counted; the
 * rest of the report is stored, so one bad row never makes a gateway resend forever.
 *
 * <p>Meters: {@code gatehouse.analytics.ingest.reports} (tag {@code outcome}: stored, duplicate),
 * {@code gatehouse.analytics.ingest.rows} (tag {@code outcome}: stored, rejected),
 * {@code gatehouse.analytics.ingest.duration}.
 */
@Component
@ConditionalOnProperty(name = "gatehouse.analytics.enabled", havingValue = "true", matchIfMissing = true)
class TrafficIngest implements TrafficSink {

    private static final Logger log = LoggerFactory.getLogger(TrafficIngest.class);
    private static final int MAX_ID = 64;

    private final JdbcTemplate jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final AnalyticsProperties properties;
    private final Clock clock;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter rowsStored;
    private final Counter rowsRejected;
    private final Timer duration;

    TrafficIngest(JdbcTemplate jdbc, TenantScopes scopes, TransactionTemplate tx, AnalyticsProperties properties,
            Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        this.stored = Counter.builder("gatehouse.analytics.ingest.reports").tag("outcome", "stored")
            .description("Traffic reports from gateways").register(meters);
        this.duplicates = Counter.builder("gatehouse.analytics.ingest.reports").tag("outcome", "duplicate")
            .description("Traffic reports from gateways").register(meters);
        this.rowsStored = Counter.builder("gatehouse.analytics.ingest.rows").tag("outcome", "stored")
            .description("Rows of traffic reports").register(meters);
        this.rowsRejected = Counter.builder("gatehouse.analytics.ingest.rows").tag("outcome", "rejected")
            .description("Rows of traffic reports").register(meters);
        this.duration = Timer.builder("gatehouse.analytics.ingest.duration")
            .description("Time to store one traffic report").publishPercentileHistogram().register(meters);
    }

    /** A row ready for the minute table. */
    private record Prepared(Instant minute, TrafficReport.Row row, byte[] latency, byte[] upstreamLatency) {
    }

    @Override
    public void store(TokenGrant grant, String nodeId, TrafficReport report) {
        duration.record(() -> storeTimed(grant, nodeId, report));
    }

    private void storeTimed(TokenGrant grant, String nodeId, TrafficReport report) {
        if (report.stream() == null || report.stream().isEmpty() || report.stream().length() > MAX_ID || report.seq() < 1) {
            log.warn("Ignoring a traffic report of node {} without a valid stream and seq", nodeId);
            return;
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(properties.minuteRetention()).plus(java.time.Duration.ofHours(1));
        Instant newest = now.plus(java.time.Duration.ofDays(1));
        List<Prepared> rows = new ArrayList<>();
        int rejected = 0;
        for (TrafficReport.Bucket bucket : report.buckets()) {
            Instant start = Instant.ofEpochSecond(bucket.start());
            boolean inWindow = !start.isBefore(oldest) && start.isBefore(newest);
            for (TrafficReport.Row row : bucket.rows()) {
                Prepared prepared = inWindow ? prepare(Granularity.MINUTE.truncate(start), row) : null;
                if (prepared == null) {
                    rejected++;
                } else {
                    rows.add(prepared);
                }
            }
        }
        boolean fresh = scopes.call(TenantScope.platform(), () -> tx.execute(status -> write(grant, nodeId, report, rows, now)));
        if (fresh) {
            stored.increment();
            rowsStored.increment(rows.size());
            rowsRejected.increment(rejected);
        } else {
            duplicates.increment();
        }
    }

    private boolean write(TokenGrant grant, String nodeId, TrafficReport report, List<Prepared> rows, Instant now) {
        int inserted = jdbc.update("""
                insert into analytics_report (control_plane_id, node_id, stream, seq, org_id, received_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                """, grant.controlPlaneId(), nodeId, report.stream(), report.seq(), grant.org().value(),
                Timestamp.from(now));
        if (inserted == 0) {
            return false;
        }
        jdbc.batchUpdate("""
                insert into analytics_traffic_minute (org_id, control_plane_id, bucket_start, service_id, route_id,
                    consumer_id, status_class, requests, bytes_in, bytes_out, latency, upstream_latency)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows, 500, (statement, prepared) -> {
                    TrafficReport.Row row = prepared.row();
                    statement.setObject(1, grant.org().value());
                    statement.setObject(2, grant.controlPlaneId());
                    statement.setTimestamp(3, Timestamp.from(prepared.minute()));
                    statement.setString(4, row.service());
                    statement.setString(5, row.route());
                    statement.setString(6, row.consumer());
                    statement.setShort(7, (short) row.statusClass());
                    statement.setLong(8, row.requests());
                    statement.setLong(9, row.bytesIn());
                    statement.setLong(10, row.bytesOut());
                    statement.setBytes(11, prepared.latency());
                    statement.setBytes(12, prepared.upstreamLatency());
                });
        // Sorted, so that concurrent reports lock pending rows in one order. The upsert (not "do nothing") locks
        // the row: a rollup running on that period holds it, and this report then waits and marks the period
        // pending again after the rollup committed, so its rows are rolled up in the next run.
        Set<Instant> hours = new TreeSet<>();
        Set<Instant> days = new TreeSet<>();
        rows.forEach(row -> {
            hours.add(Granularity.HOUR.truncate(row.minute()));
            days.add(Granularity.DAY.truncate(row.minute()));
        });
        List<Object[]> pending = new ArrayList<>();
        hours.forEach(hour -> pending.add(new Object[] { grant.controlPlaneId(), "h", Timestamp.from(hour), grant.org().value() }));
        days.forEach(day -> pending.add(new Object[] { grant.controlPlaneId(), "d", Timestamp.from(day), grant.org().value() }));
        jdbc.batchUpdate("""
                insert into analytics_rollup_pending (control_plane_id, granularity, period_start, org_id)
                values (?, ?, ?, ?)
                on conflict (control_plane_id, granularity, period_start) do update set org_id = excluded.org_id
                """, pending);
        return true;
    }

    private static Prepared prepare(Instant minute, TrafficReport.Row row) {
        if (!validId(row.service()) || !validId(row.route()) || !validId(row.consumer()) || row.statusClass() < 0
                || row.statusClass() > 5 || row.requests() < 0 || row.bytesIn() < 0 || row.bytesOut() < 0) {
            return null;
        }
        try {
            byte[] latency = bytes(row.latency());
            byte[] upstream = bytes(row.upstreamLatency());
            TrafficHistograms.decode(latency);
            TrafficHistograms.decode(upstream);
            return new Prepared(minute, row, latency, upstream);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static byte[] bytes(String base64) {
        return base64 == null || base64.isEmpty() ? TrafficHistograms.encode(TrafficHistograms.empty())
                : Base64.getDecoder().decode(base64);
    }

    private static boolean validId(String id) {
        return id != null && id.length() <= MAX_ID;
    }
}
