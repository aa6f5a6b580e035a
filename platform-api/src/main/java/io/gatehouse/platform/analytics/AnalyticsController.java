package io.gatehouse.platform.analytics;

import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/v1/control-planes/{cp}/analytics}: the traffic of a control plane's gateways as time series,
 * JSON or CSV ({@code Accept: text/csv} or {@code format=csv}).
 */
@ApiController("/api/v1/control-planes/{controlPlane}")
@Tag(name = "Analytics", description = "Requests, errors, latency and bytes through a control plane's gateways")
class AnalyticsController {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final TrafficAnalytics analytics;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final CurrentCaller caller;
    private final Clock clock;

    AnalyticsController(TrafficAnalytics analytics, ControlPlanes controlPlanes, GatewayEntities entities,
            CurrentCaller caller, Clock clock) {
        this.analytics = analytics;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.caller = caller;
        this.clock = clock;
    }

    @GetMapping(value = "/analytics", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
    @Operation(summary = "Traffic time series of a control plane (requests, error rate, latency percentiles, bytes)")
    ResponseEntity<?> analytics(@PathVariable String controlPlane,
            @Parameter(description = "requests, requests_per_second, error_rate, latency_p50|p95|p99, "
                    + "upstream_latency_p50|p95|p99, bytes_in, bytes_out (default requests)")
            @RequestParam(required = false) String metric,
            @Parameter(description = "service, route, consumer or status_class; one series of everything when absent")
            @RequestParam(name = "group_by", required = false) String groupBy,
            @Parameter(description = "ISO-8601 instant, inclusive (default: an hour before 'to')")
            @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant, exclusive (default: now)")
            @RequestParam(required = false) String to,
            @Parameter(description = "minute, hour or day (default: from the range)")
            @RequestParam(required = false) String granularity,
            @Parameter(description = "at most this many series, the busiest (1–100, default 10)")
            @RequestParam(required = false) String limit,
            @Parameter(description = "only the traffic of this service (id)")
            @RequestParam(required = false) String service,
            @Parameter(description = "only the traffic of this consumer: its id or username (a developer-portal "
                    + "application's consumer is portal-app-<application id>); the id also finds a deleted consumer's "
                    + "traffic")
            @RequestParam(required = false) String consumer,
            @Parameter(description = "csv for CSV (same as Accept: text/csv)")
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        caller.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(controlPlane);
        TrafficQuery query = TrafficQuery.parse(metric, groupBy, from, to, granularity, limit, service,
                consumerId(plane, consumer), clock.instant());
        TrafficSeries series = analytics.query(plane.id(), query);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && wantsCsv(accept));
        if (csv) {
            return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"analytics-" + plane.name() + "-"
                        + series.metric() + ".csv\"")
                .body(series.toCsv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(AnalyticsJson.of(series));
    }

    /** Gateways record a consumer by its id: a username of the control plane is resolved to it, anything else kept. */
    private String consumerId(ControlPlane plane, String consumer) {
        if (consumer == null || consumer.isBlank() || consumer.strip().length() > 255) {
            return consumer;
        }
        return entities.find(plane, EntityType.CONSUMER, consumer.strip()).map(GatewayEntity::id).map(Object::toString)
                .orElse(consumer);
    }

    private static boolean wantsCsv(String accept) {
        // The most preferred listed type decides: text/csv before (or instead of) application/json.
        List<MediaType> types = new java.util.ArrayList<>(MediaType.parseMediaTypes(accept));
        types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        return !types.isEmpty() && "text".equals(types.get(0).getType()) && "csv".equals(types.get(0).getSubtype());
    }
}
