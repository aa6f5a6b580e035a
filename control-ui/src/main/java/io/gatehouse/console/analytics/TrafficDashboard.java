package io.gatehouse.console.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.analytics.TrafficAnalytics;
import io.gatehouse.platform.analytics.TrafficGroupBy;
import io.gatehouse.platform.analytics.TrafficMetric;
import io.gatehouse.platform.analytics.TrafficQuery;
import io.gatehouse.platform.analytics.TrafficSeries;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what the dashboard shows from {@link TrafficAnalytics}: the range's headline numbers, the charts (as
 * Chart.js configurations the page's script renders from a data attribute), and the top routes, consumers and
 * status classes as tables — the tables carry the same numbers, so the page reads without JavaScript.
 */
@Component
class TrafficDashboard {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d").withZone(ZoneOffset.UTC);

    private final TrafficAnalytics analytics;
    private final JsonMapper json;

    TrafficDashboard(TrafficAnalytics analytics, JsonMapper json) {
        this.analytics = analytics;
        this.json = json;
    }

    /** The headline numbers over the whole range; {@code null} values where there was no traffic. */
    record Summary(long requests, Double perSecond, Double errorRate, Double p50, Double p95, Double p99) {
    }

    /** One line of a "top" table. */
    record TopRow(String group, String name, long requests, Double errorRate, Double p95) {
    }

    /** Everything the panels fragment renders. */
    record Dashboard(Summary summary, String trafficChart, String errorChart, String latencyChart, String statusChart,
            List<TopRow> routes, List<TopRow> consumers, List<TopRow> statuses) {
    }

    Dashboard build(UUID controlPlane, DashboardRange range, String service, Instant now) {
        Instant from = now.minus(range.length);
        TrafficSeries perSecond = query(controlPlane, TrafficMetric.REQUESTS_PER_SECOND, null, range, service, from, now);
        TrafficSeries requests = query(controlPlane, TrafficMetric.REQUESTS, null, range, service, from, now);
        TrafficSeries errors = query(controlPlane, TrafficMetric.ERROR_RATE, null, range, service, from, now);
        TrafficSeries p50 = query(controlPlane, TrafficMetric.LATENCY_P50, null, range, service, from, now);
        TrafficSeries p95 = query(controlPlane, TrafficMetric.LATENCY_P95, null, range, service, from, now);
        TrafficSeries p99 = query(controlPlane, TrafficMetric.LATENCY_P99, null, range, service, from, now);
        TrafficSeries statuses = query(controlPlane, TrafficMetric.REQUESTS, TrafficGroupBy.STATUS_CLASS, range, service,
                from, now);
        Summary summary = new Summary(requests.series().get(0).requests(), perSecond.series().get(0).total(),
                errors.series().get(0).total(), p50.series().get(0).total(), p95.series().get(0).total(),
                p99.series().get(0).total());
        return new Dashboard(summary,
                chart("line", "requests/s", range, List.of(perSecond)),
                chart("line", "error rate", range, List.of(errors)),
                chart("line", "ms", range, List.of(p50, p95, p99)),
                chart("bar", "requests", range, List.of(statuses)),
                top(controlPlane, TrafficGroupBy.ROUTE, range, service, from, now),
                top(controlPlane, TrafficGroupBy.CONSUMER, range, service, from, now),
                top(controlPlane, TrafficGroupBy.STATUS_CLASS, range, service, from, now));
    }

    private List<TopRow> top(UUID controlPlane, TrafficGroupBy groupBy, DashboardRange range, String service,
            Instant from, Instant now) {
        TrafficSeries requests = query(controlPlane, TrafficMetric.REQUESTS, groupBy, range, service, from, now);
        Map<String, Double> errorRates = totals(query(controlPlane, TrafficMetric.ERROR_RATE, groupBy, range, service,
                from, now));
        Map<String, Double> p95 = totals(query(controlPlane, TrafficMetric.LATENCY_P95, groupBy, range, service, from, now));
        List<TopRow> rows = new ArrayList<>();
        for (TrafficSeries.Series series : requests.series()) {
            rows.add(new TopRow(series.group(), series.name(), series.requests(), errorRates.get(series.group()),
                    p95.get(series.group())));
        }
        return rows;
    }

    private static Map<String, Double> totals(TrafficSeries series) {
        Map<String, Double> totals = new HashMap<>();
        series.series().forEach(s -> totals.put(s.group(), s.total()));
        return totals;
    }

    private TrafficSeries query(UUID controlPlane, TrafficMetric metric, TrafficGroupBy groupBy, DashboardRange range,
            String service, Instant from, Instant to) {
        return analytics.query(controlPlane, new TrafficQuery(metric, groupBy, range.granularity.truncate(from), to,
                range.granularity, 10, service));
    }

    /** A Chart.js configuration: one dataset per series (per metric for the latency chart, per group otherwise). */
    private String chart(String type, String axis, DashboardRange range, List<TrafficSeries> all) {
        List<String> labels = new ArrayList<>();
        all.get(0).series().stream().findFirst().ifPresent(first -> first.points()
                .forEach(point -> labels.add(label(range, point.t()))));
        if (labels.isEmpty()) {
            for (Instant t = all.get(0).from(); t.isBefore(all.get(0).to()); t = t.plus(range.granularity.step())) {
                labels.add(label(range, t));
            }
        }
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (TrafficSeries each : all) {
            for (TrafficSeries.Series series : each.series()) {
                Map<String, Object> dataset = new LinkedHashMap<>();
                dataset.put("label", all.size() > 1 ? each.metric().replace("latency_", "") : series.name());
                dataset.put("data", series.points().stream().map(TrafficSeries.Point::value).toList());
                dataset.put("spanGaps", true);
                datasets.add(dataset);
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", type);
        config.put("data", Map.of("labels", labels, "datasets", datasets));
        config.put("axis", axis);
        config.put("stacked", "bar".equals(type));
        return json.writeValueAsString(config);
    }

    private static String label(DashboardRange range, Instant t) {
        return switch (range.granularity) {
            case MINUTE -> MINUTE.format(t);
            case HOUR -> DAY_HOUR.format(t);
            case DAY -> DAY.format(t);
        };
    }
}
