package io.gatehouse.console.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.analytics.TrafficUsage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The charts of a {@link TrafficUsage} (a portal application's usage, on the portal and in the console), as Chart.js
 * configurations in the same shape as the traffic dashboard's, rendered by {@code static/js/analytics.js}: requests
 * per period stacked by outcome (2xx/3xx, 4xx, 5xx) and latency p50, p95, p99.
 */
@Component
public class UsageCharts {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d").withZone(ZoneOffset.UTC);

    private final JsonMapper json;

    UsageCharts(JsonMapper json) {
        this.json = json;
    }

    /**
     * The two charts' configurations (JSON for a {@code data-chart} attribute) and the same numbers per period for a
     * table, which readers without JavaScript get.
     */
    public record Charts(String requests, String latency, List<Row> periods) {
    }

    /** One period of the table. */
    public record Row(String label, Instant t, TrafficUsage.Figures figures) {
    }

    public Charts of(TrafficUsage usage) {
        List<String> labels = usage.periods().stream().map(period -> label(usage, period.t())).toList();
        List<TrafficUsage.Figures> figures = usage.periods().stream().map(TrafficUsage.Period::figures).toList();
        List<Map<String, Object>> outcomes = List.of(
                dataset("2xx/3xx", figures.stream().map(f -> (Object) (f.requests() - f.clientErrors() - f.serverErrors())).toList()),
                dataset("4xx", figures.stream().map(f -> (Object) f.clientErrors()).toList()),
                dataset("5xx", figures.stream().map(f -> (Object) f.serverErrors()).toList()));
        List<Map<String, Object>> latency = List.of(
                dataset("p50", figures.stream().map(f -> (Object) f.p50()).toList()),
                dataset("p95", figures.stream().map(f -> (Object) f.p95()).toList()),
                dataset("p99", figures.stream().map(f -> (Object) f.p99()).toList()));
        List<Row> rows = usage.periods().stream().map(p -> new Row(label(usage, p.t()), p.t(), p.figures())).toList();
        return new Charts(config("bar", "requests", labels, outcomes), config("line", "ms", labels, latency), rows);
    }

    /** A period's start as the charts and tables label it (UTC). */
    public String label(TrafficUsage usage, Instant t) {
        return switch (usage.granularity()) {
            case MINUTE -> MINUTE.format(t);
            case HOUR -> DAY_HOUR.format(t);
            case DAY -> DAY.format(t);
        };
    }

    private static Map<String, Object> dataset(String label, List<Object> data) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("label", label);
        dataset.put("data", new ArrayList<>(data));
        dataset.put("spanGaps", true);
        return dataset;
    }

    private String config(String type, String axis, List<String> labels, List<Map<String, Object>> datasets) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", type);
        config.put("data", Map.of("labels", labels, "datasets", datasets));
        config.put("axis", axis);
        config.put("stacked", "bar".equals(type));
        return json.writeValueAsString(config);
    }
}
