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
    /** Rows per INSERT: a report at the gateway's key limit (2,000 rows) is one statement. */
    private static final int ROWS_PER_STATEMENT = 2_000;

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
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            insertMinuteRows(grant, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
        }
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

    /**
     * One multi-row INSERT per chunk: the columns go as arrays and {@code unnest} turns them into rows. A JDBC batch
     * executes one INSERT per row (partition routing, the row-level security check and executor start-up each time),
     * which is what made ingest fall behind 50 gateways (docs/BENCHMARKS.md, "Traffic analytics"); COPY is not
     * allowed on tables with row-level security.
     */
    private void insertMinuteRows(TokenGrant grant, List<Prepared> rows) {
        int n = rows.size();
        Long[] minutes = new Long[n];
        String[] services = new String[n];
        String[] routes = new String[n];
        String[] consumers = new String[n];
        Short[] statusClasses = new Short[n];
        Long[] requests = new Long[n];
        Long[] bytesIn = new Long[n];
        Long[] bytesOut = new Long[n];
        byte[][] latencies = new byte[n][];
        byte[][] upstreamLatencies = new byte[n][];
        for (int i = 0; i < n; i++) {
            Prepared prepared = rows.get(i);
            TrafficReport.Row row = prepared.row();
            minutes[i] = prepared.minute().getEpochSecond();
            services[i] = row.service();
            routes[i] = row.route();
            consumers[i] = row.consumer();
            statusClasses[i] = (short) row.statusClass();
            requests[i] = row.requests();
            bytesIn[i] = row.bytesIn();
            bytesOut[i] = row.bytesOut();
            latencies[i] = prepared.latency();
            upstreamLatencies[i] = prepared.upstreamLatency();
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    insert into analytics_traffic_minute (org_id, control_plane_id, bucket_start, service_id, route_id,
                        consumer_id, status_class, requests, bytes_in, bytes_out, latency, upstream_latency)
                    select ?::uuid, ?::uuid, to_timestamp(t.minute), t.service_id, t.route_id, t.consumer_id,
                        t.status_class, t.requests, t.bytes_in, t.bytes_out, t.latency, t.upstream_latency
                    from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::smallint[], ?::bigint[],
                        ?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[])
                        as t(minute, service_id, route_id, consumer_id, status_class, requests, bytes_in, bytes_out,
                             latency, upstream_latency)
                    """);
            statement.setObject(1, grant.org().value());
            statement.setObject(2, grant.controlPlaneId());
            statement.setArray(3, connection.createArrayOf("int8", minutes));
            statement.setArray(4, connection.createArrayOf("varchar", services));
            statement.setArray(5, connection.createArrayOf("varchar", routes));
            statement.setArray(6, connection.createArrayOf("varchar", consumers));
            statement.setArray(7, connection.createArrayOf("int2", statusClasses));
            statement.setArray(8, connection.createArrayOf("int8", requests));
            statement.setArray(9, connection.createArrayOf("int8", bytesIn));
            statement.setArray(10, connection.createArrayOf("int8", bytesOut));
            statement.setArray(11, connection.createArrayOf("bytea", latencies));
            statement.setArray(12, connection.createArrayOf("bytea", upstreamLatencies));
            return statement;
        });
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
