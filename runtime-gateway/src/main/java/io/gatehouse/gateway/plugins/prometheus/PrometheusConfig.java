package io.gatehouse.gateway.plugins.prometheus;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/** prometheus: records request metrics exposed on the status listener's /metrics. */
public record PrometheusConfig(
        @JsonProperty("per_consumer") boolean perConsumer,
        @JsonProperty("status_code_metrics") boolean statusCodeMetrics,
        @JsonProperty("latency_metrics") boolean latencyMetrics,
        @JsonProperty("bandwidth_metrics") boolean bandwidthMetrics,
        @JsonProperty("upstream_health_metrics") boolean upstreamHealthMetrics) {

    public static final String NAME = "prometheus";
    public static final int PRIORITY = 13;

    public static final PluginSchema<PrometheusConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Exposes traffic metrics in Prometheus format.", PrometheusConfig.class, List.of(
                    SchemaField.bool("per_consumer", "Label metrics with the consumer (more series).", false),
                    SchemaField.bool("status_code_metrics", "Count requests by status code.", false),
                    SchemaField.bool("latency_metrics", "Record request, upstream and gateway latency histograms.", false),
                    SchemaField.bool("bandwidth_metrics", "Count bytes sent and received.", false),
                    SchemaField.bool("upstream_health_metrics", "Export the health of each upstream target.", false)));

}
