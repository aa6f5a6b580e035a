package io.gatehouse.platform.analytics;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.HdrHistogram.Histogram;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers traffic questions from the analytics tables, in the caller's tenant scope (row-level security keeps
 * other organizations' rows out; the caller resolves the control plane first, so another organization's is a 404).
 *
 * <p>A period that is not rolled up yet (the current hour or day, or one a late report marked pending) is read
 * from the finer table, so recent traffic shows at every granularity. Every value comes from merged rows:
 * counts are summed, percentiles are read from the merged HdrHistogram (two significant digits: within 1 %).
 */
@Service
public class TrafficAnalytics {

    private final JdbcTemplate jdbc;
    private final List<ConsumerNames> consumerNames;

    TrafficAnalytics(JdbcTemplate jdbc, List<ConsumerNames> consumerNames) {
        this.jdbc = jdbc;
        this.consumerNames = consumerNames;
    }

    /** Counts, bytes and latency histograms merged over a set of rows. */
    static final class Totals {
        long requests;
        long clientErrors;
        long serverErrors;
        long bytesIn;
        long bytesOut;
        final Histogram latency = TrafficHistograms.empty();
        final Histogram upstreamLatency = TrafficHistograms.empty();

        void add(TrafficRow row) {
            requests += row.requests();
            if (row.statusClass() == 4) {
                clientErrors += row.requests();
            } else if (row.statusClass() == 5) {
                serverErrors += row.requests();
            }
            bytesIn += row.bytesIn();
            bytesOut += row.bytesOut();
            latency.add(row.latency());
            upstreamLatency.add(row.upstreamLatency());
        }

        void add(Totals other) {
            requests += other.requests;
            clientErrors += other.clientErrors;
            serverErrors += other.serverErrors;
            bytesIn += other.bytesIn;
            bytesOut += other.bytesOut;
            latency.add(other.latency);
            upstreamLatency.add(other.upstreamLatency);
        }

        Double value(TrafficMetric metric, long stepSeconds) {
            return switch (metric) {
                case REQUESTS -> (double) requests;
                case REQUESTS_PER_SECOND -> requests / (double) stepSeconds;
                case ERROR_RATE -> requests == 0 ? null : (clientErrors + serverErrors) / (double) requests;
                case LATENCY_P50 -> percentile(latency, 50);
                case LATENCY_P95 -> percentile(latency, 95);
                case LATENCY_P99 -> percentile(latency, 99);
                case UPSTREAM_LATENCY_P50 -> percentile(upstreamLatency, 50);
                case UPSTREAM_LATENCY_P95 -> percentile(upstreamLatency, 95);
                case UPSTREAM_LATENCY_P99 -> percentile(upstreamLatency, 99);
                case BYTES_IN -> (double) bytesIn;
                case BYTES_OUT -> (double) bytesOut;
            };
        }

        TrafficUsage.Figures figures() {
            return new TrafficUsage.Figures(requests, clientErrors, serverErrors, percentile(latency, 50),
                    percentile(latency, 95), percentile(latency, 99));
        }

        private static Double percentile(Histogram histogram, double percentile) {
            // Microseconds → milliseconds; the highest equivalent value, so a percentile never reads low.
            return histogram.getTotalCount() == 0 ? null
                    : histogram.highestEquivalentValue(histogram.getValueAtPercentile(percentile)) / 1000.0;
        }
    }

    /** The series answering {@code query} for control plane {@code controlPlane} (already resolved by the caller). */
    @Transactional(readOnly = true)
    public TrafficSeries query(UUID controlPlane, TrafficQuery query) {
        Granularity granularity = query.granularity();
        List<TrafficRow> rows = rows(controlPlane, granularity, query.from(), query.to(), query.consumer());
        Map<String, Map<Instant, Totals>> byGroup = new HashMap<>();
        Map<String, Totals> groupTotals = new HashMap<>();
        for (TrafficRow row : rows) {
            if (query.service() != null && !query.service().equals(row.service())) {
                continue;
            }
            String group = query.groupBy() == null ? "" : query.groupBy().keyOf(row);
            Instant period = granularity.truncate(row.bucketStart());
            byGroup.computeIfAbsent(group, g -> new HashMap<>()).computeIfAbsent(period, p -> new Totals()).add(row);
            groupTotals.computeIfAbsent(group, g -> new Totals()).add(row);
        }
        if (query.groupBy() == null) {
            byGroup.putIfAbsent("", new HashMap<>());
            groupTotals.putIfAbsent("", new Totals());
        }
        List<String> groups = groupTotals.entrySet().stream()
            .sorted(Comparator.<Map.Entry<String, Totals>>comparingLong(e -> e.getValue().requests).reversed()
                .thenComparing(Map.Entry::getKey))
            .limit(query.limit()).map(Map.Entry::getKey).toList();
        Map<String, String> names = names(controlPlane, query.groupBy(), groups);
        long stepSeconds = granularity.step().toSeconds();
        List<TrafficSeries.Series> series = new ArrayList<>();
        for (String group : groups) {
            Map<Instant, Totals> periods = byGroup.get(group);
            List<TrafficSeries.Point> points = new ArrayList<>();
            for (Instant t = query.from(); t.isBefore(query.to()); t = t.plus(granularity.step())) {
                Totals totals = periods.get(t);
                Double value = totals == null ? (query.metric().countsZero() ? 0.0 : null)
                        : totals.value(query.metric(), stepSeconds);
                points.add(new TrafficSeries.Point(t, value));
            }
            Totals all = groupTotals.get(group);
            long rangeSeconds = Math.max(1, java.time.Duration.between(query.from(), query.to()).toSeconds());
            series.add(new TrafficSeries.Series(group, names.getOrDefault(group, group), all.requests,
                    all.value(query.metric(), rangeSeconds), points));
        }
        return new TrafficSeries(controlPlane, query.metric().wireName(), query.metric().unit(), granularity.wireName(),
                query.groupBy() == null ? null : query.groupBy().wireName(), query.from(), query.to(), series);
    }

    /**
     * The traffic of several consumers, each on its control plane (e.g. a portal application's consumer on every
     * control plane it is registered on), as one: the figures of the whole range, of each period and of each
     * control plane × service, merged across all sources (so percentiles are of the merged histograms). The caller
     * resolves the control planes in its organization first; row-level security keeps other organizations out.
     */
    @Transactional(readOnly = true)
    public TrafficUsage usage(List<TrafficSource> sources, Instant from, Instant to, Granularity granularity) {
        Instant start = granularity.truncate(from);
        Totals total = new Totals();
        Map<Instant, Totals> periods = new HashMap<>();
        Map<PartKey, Totals> parts = new LinkedHashMap<>();
        for (TrafficSource source : sources.stream().distinct().toList()) {
            for (TrafficRow row : rows(source.controlPlane(), granularity, start, to, source.consumer())) {
                total.add(row);
                periods.computeIfAbsent(granularity.truncate(row.bucketStart()), p -> new Totals()).add(row);
                parts.computeIfAbsent(new PartKey(source.controlPlane(), row.service()), p -> new Totals()).add(row);
            }
        }
        List<TrafficUsage.Period> points = new ArrayList<>();
        for (Instant t = start; t.isBefore(to); t = t.plus(granularity.step())) {
            points.add(new TrafficUsage.Period(t, periods.getOrDefault(t, new Totals()).figures()));
        }
        List<TrafficUsage.Part> split = parts.entrySet().stream()
            .sorted(Comparator.<Map.Entry<PartKey, Totals>>comparingLong(e -> e.getValue().requests).reversed()
                .thenComparing(e -> e.getKey().controlPlane() + "/" + e.getKey().service()))
            .map(e -> new TrafficUsage.Part(e.getKey().controlPlane(), e.getKey().service(), e.getValue().figures()))
            .toList();
        return new TrafficUsage(start, to, granularity, total.figures(), points, split);
    }

    private record PartKey(UUID controlPlane, String service) {
    }

    /**
     * The rows of [from, to) at a granularity, of one consumer or ({@code null}) all: the coarse table's rows of
     * periods rolled up, and for periods still pending, the finer granularity's rows (recursively, so a pending day
     * whose hours are pending reads minutes).
     */
    List<TrafficRow> rows(UUID controlPlane, Granularity granularity, Instant from, Instant to, String consumer) {
        List<TrafficRow> rows = new ArrayList<>();
        String ofConsumer = consumer == null ? "" : " and consumer_id = ?";
        if (granularity == Granularity.MINUTE) {
            jdbc.query("select " + TrafficRollups.TrafficRowMapper.COLUMNS + " from analytics_traffic_minute"
                    + " where control_plane_id = ? and bucket_start >= ? and bucket_start < ?" + ofConsumer,
                    (ResultSet rs) -> {
                        rows.add(TrafficRollups.TrafficRowMapper.map(rs));
                    }, arguments(consumer, controlPlane, Timestamp.from(from), Timestamp.from(to)));
            return rows;
        }
        String code = granularity == Granularity.HOUR ? "h" : "d";
        Granularity finer = granularity == Granularity.HOUR ? Granularity.MINUTE : Granularity.HOUR;
        List<Instant> pending = jdbc.query("""
                select period_start from analytics_rollup_pending where control_plane_id = ? and granularity = ?
                and period_start >= ? and period_start < ? order by period_start
                """, (rs, i) -> rs.getTimestamp(1).toInstant(), controlPlane, code,
                Timestamp.from(granularity.truncate(from)), Timestamp.from(to));
        jdbc.query("select " + TrafficRollups.TrafficRowMapper.COLUMNS + " from " + granularity.table() + " t"
                + " where control_plane_id = ? and bucket_start >= ? and bucket_start < ? and not exists (select 1 from"
                + " analytics_rollup_pending p where p.control_plane_id = t.control_plane_id and p.granularity = ?"
                + " and p.period_start = t.bucket_start)" + ofConsumer,
                (ResultSet rs) -> {
                    rows.add(TrafficRollups.TrafficRowMapper.map(rs));
                }, arguments(consumer, controlPlane, Timestamp.from(from), Timestamp.from(to), code));
        for (Instant period : pending) {
            rows.addAll(rows(controlPlane, finer, period, period.plus(granularity.step()), consumer));
        }
        return rows;
    }

    private static Object[] arguments(String consumer, Object... arguments) {
        if (consumer == null) {
            return arguments;
        }
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = consumer;
        return all;
    }

    private Map<String, String> names(UUID controlPlane, TrafficGroupBy groupBy, List<String> groups) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String group : groups) {
            names.put(group, fallbackName(groupBy, group));
        }
        if (groupBy == TrafficGroupBy.SERVICE || groupBy == TrafficGroupBy.ROUTE || groupBy == TrafficGroupBy.CONSUMER) {
            String[] ids = groups.stream().filter(g -> g.length() == 36).toArray(String[]::new);
            if (ids.length > 0) {
                jdbc.query(con -> {
                    var statement = con.prepareStatement("select id::text, name from gw_entity where control_plane_id = ?"
                            + " and id::text = any(?)");
                    statement.setObject(1, controlPlane);
                    statement.setArray(2, con.createArrayOf("text", ids));
                    return statement;
                }, (ResultSet rs) -> {
                    if (rs.getString(2) != null) {
                        names.put(rs.getString(1), rs.getString(2));
                    }
                });
            }
        }
        if (groupBy == TrafficGroupBy.CONSUMER && !groups.isEmpty()) {
            // What knows a consumer better (a portal application's name) wins, also for consumers deleted since.
            consumerNames.forEach(source -> names.putAll(source.names(controlPlane, groups)));
        }
        return names;
    }

    private static String fallbackName(TrafficGroupBy groupBy, String group) {
        if (groupBy == null) {
            return "all traffic";
        }
        if (io.gatehouse.gateway.sync.TrafficReport.Row.OVERFLOW.equals(group)) {
            return "(other)";
        }
        if (group.isEmpty()) {
            return switch (groupBy) {
                case CONSUMER -> "(anonymous)";
                case ROUTE -> "(no route)";
                case SERVICE -> "(no service)";
                case STATUS_CLASS -> "(none)";
            };
        }
        return group;
    }
}
