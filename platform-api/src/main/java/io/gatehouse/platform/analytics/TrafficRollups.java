package io.gatehouse.platform.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Minute → hour → day rollups. Rolling up a period recomputes it whole from the finer table (merging counts and
 * histograms per key) and replaces what the coarser table held for it, so it is idempotent and a late report —
 * which marks its period pending again — is simply rolled up again. A day waits until none of its hours is pending.
 * Runs inside the maintenance job's transaction (platform scope, one replica).
 */
@Component
class TrafficRollups {

    private static final int BATCH = 200;

    private final JdbcTemplate jdbc;

    TrafficRollups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Period(UUID org, UUID controlPlane, Instant start) {
    }

    /** Rolls up the pending hours, then days, that ended at or before {@code until}; returns how many periods. */
    int rollUp(Instant until) {
        int done = 0;
        for (Period hour : pending("h", Granularity.HOUR, until)) {
            replace(hour, Granularity.MINUTE, Granularity.HOUR, "h");
            done++;
        }
        for (Period day : pending("d", Granularity.DAY, until)) {
            Integer hoursLeft = jdbc.queryForObject("""
                    select count(*) from analytics_rollup_pending where control_plane_id = ? and granularity = 'h'
                    and period_start >= ? and period_start < ?
                    """, Integer.class, day.controlPlane(), Timestamp.from(day.start()),
                    Timestamp.from(day.start().plus(Granularity.DAY.step())));
            if (hoursLeft != null && hoursLeft == 0) {
                replace(day, Granularity.HOUR, Granularity.DAY, "d");
                done++;
            }
        }
        return done;
    }

    private List<Period> pending(String granularity, Granularity of, Instant until) {
        return jdbc.query("""
                select org_id, control_plane_id, period_start from analytics_rollup_pending
                where granularity = ? and period_start <= ? order by period_start limit ? for update skip locked
                """, (rs, i) -> new Period(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()),
                granularity, Timestamp.from(until.minus(of.step())), BATCH);
    }

    private void replace(Period period, Granularity from, Granularity to, String code) {
        Instant end = period.start().plus(to.step());
        Map<TrafficKey, TrafficRow> merged = new LinkedHashMap<>();
        jdbc.query("select " + TrafficRowMapper.COLUMNS + " from " + from.table()
                + " where control_plane_id = ? and bucket_start >= ? and bucket_start < ?",
                (ResultSet rs) -> {
                    TrafficRow row = TrafficRowMapper.map(rs);
                    merged.merge(TrafficKey.of(row), row, TrafficRowMapper::merge);
                }, period.controlPlane(), Timestamp.from(period.start()), Timestamp.from(end));
        jdbc.update("delete from " + to.table() + " where control_plane_id = ? and bucket_start = ?",
                period.controlPlane(), Timestamp.from(period.start()));
        jdbc.batchUpdate("insert into " + to.table() + " (org_id, control_plane_id, bucket_start, service_id, route_id,"
                + " consumer_id, status_class, requests, bytes_in, bytes_out, latency, upstream_latency)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", List.copyOf(merged.values()), 500,
                (statement, row) -> {
                    statement.setObject(1, period.org());
                    statement.setObject(2, period.controlPlane());
                    statement.setTimestamp(3, Timestamp.from(period.start()));
                    statement.setString(4, row.service());
                    statement.setString(5, row.route());
                    statement.setString(6, row.consumer());
                    statement.setShort(7, (short) row.statusClass());
                    statement.setLong(8, row.requests());
                    statement.setLong(9, row.bytesIn());
                    statement.setLong(10, row.bytesOut());
                    statement.setBytes(11, TrafficHistograms.encode(row.latency()));
                    statement.setBytes(12, TrafficHistograms.encode(row.upstreamLatency()));
                });
        jdbc.update("delete from analytics_rollup_pending where control_plane_id = ? and granularity = ? and period_start = ?",
                period.controlPlane(), code, Timestamp.from(period.start()));
    }

    /** Reads and merges rows of the analytics tables. */
    static final class TrafficRowMapper {

        static final String COLUMNS = "bucket_start, service_id, route_id, consumer_id, status_class, requests, bytes_in,"
                + " bytes_out, latency, upstream_latency";

        private TrafficRowMapper() {
        }

        static TrafficRow map(ResultSet rs) throws SQLException {
            return new TrafficRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getShort(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), TrafficHistograms.decode(rs.getBytes(9)),
                    TrafficHistograms.decode(rs.getBytes(10)));
        }

        /** The sum of two rows of the same key (the first row's bucket start is kept; histograms merged into it). */
        static TrafficRow merge(TrafficRow a, TrafficRow b) {
            a.latency().add(b.latency());
            a.upstreamLatency().add(b.upstreamLatency());
            return new TrafficRow(a.bucketStart(), a.service(), a.route(), a.consumer(), a.statusClass(),
                    a.requests() + b.requests(), a.bytesIn() + b.bytesIn(), a.bytesOut() + b.bytesOut(), a.latency(),
                    a.upstreamLatency());
        }
    }

    /** The grouping key of a rollup. */
    record TrafficKey(String service, String route, String consumer, int statusClass) {

        static TrafficKey of(TrafficRow row) {
            return new TrafficKey(row.service(), row.route(), row.consumer(), row.statusClass());
        }
    }
}
