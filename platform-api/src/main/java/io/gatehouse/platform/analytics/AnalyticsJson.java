package io.gatehouse.platform.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The JSON shape of {@link TrafficSeries} (snake_case, like the rest of the API). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AnalyticsJson(UUID controlPlane, String metric, String unit, String granularity, String groupBy, Instant from,
        Instant to, List<SeriesJson> series) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SeriesJson(String group, String name, long requests, Double total, List<TrafficSeries.Point> points) {
    }

    static AnalyticsJson of(TrafficSeries series) {
        return new AnalyticsJson(series.controlPlane(), series.metric(), series.unit(), series.granularity(),
                series.groupBy(), series.from(), series.to(), series.series().stream()
                    .map(s -> new SeriesJson(s.group(), s.name(), s.requests(), s.total(), s.points())).toList());
    }
}
