package io.gatehouse.platform.portal.apps;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.analytics.TrafficQuery;
import io.gatehouse.platform.analytics.TrafficSource;
import io.gatehouse.platform.analytics.TrafficUsage;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.OrgId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /api/v1/organizations/{org}/portal/applications/{id}/usage}: what the portal shows an application's
 * developer, for the organization (VIEWER): its consumers' traffic on every control plane, merged, per period and per
 * product version. The range parameters are the analytics API's ({@code from}, {@code to}, {@code granularity}).
 */
@ApiController("/api/v1/organizations/{org}/portal")
@Tag(name = "Developer portal")
class ApplicationUsageController {

    private final ApplicationUsage usage;
    private final CurrentCaller caller;
    private final Clock clock;

    ApplicationUsageController(ApplicationUsage usage, CurrentCaller caller, Clock clock) {
        this.usage = usage;
        this.caller = caller;
        this.clock = clock;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FiguresJson(long requests, long clientErrors, long serverErrors, Double errorRate, Double latencyP50,
            Double latencyP95, Double latencyP99) {
        static FiguresJson of(TrafficUsage.Figures f) {
            return new FiguresJson(f.requests(), f.clientErrors(), f.serverErrors(), f.errorRate(), f.p50(), f.p95(),
                    f.p99());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PointJson(Instant t, FiguresJson figures) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ProductJson(String name, FiguresJson figures) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ConsumerJson(UUID controlPlane, String consumer) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record UsageJson(UUID application, Instant from, Instant to, String granularity, List<ConsumerJson> consumers,
            FiguresJson total, List<ProductJson> products, List<PointJson> points) {
    }

    @GetMapping("/applications/{application}/usage")
    @Operation(summary = "An application's usage: requests, 4xx, 5xx and latency percentiles (ms) over time, in total "
            + "and per product version, across every control plane it is registered on")
    UsageJson usage(@PathVariable String org, @PathVariable UUID application,
            @Parameter(description = "ISO-8601 instant, inclusive (default: an hour before 'to')")
            @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant, exclusive (default: now)")
            @RequestParam(required = false) String to,
            @Parameter(description = "minute, hour or day (default: from the range)")
            @RequestParam(required = false) String granularity) {
        OrgId orgId = caller.requireOrgRole(OrgRole.VIEWER).org();
        TrafficQuery range = TrafficQuery.parse(null, null, from, to, granularity, null, null, null, clock.instant());
        ApplicationUsage.Report report = usage.forConsole(orgId, application, range.from(), range.to(), range.granularity());
        List<TrafficSource> sources = usage.sources(orgId, application);
        TrafficUsage traffic = report.traffic();
        return new UsageJson(application, traffic.from(), traffic.to(), traffic.granularity().wireName(),
                sources.stream().map(s -> new ConsumerJson(s.controlPlane(), s.consumer())).toList(),
                FiguresJson.of(traffic.total()),
                report.products().stream().map(p -> new ProductJson(p.name(), FiguresJson.of(p.figures()))).toList(),
                traffic.periods().stream().map(p -> new PointJson(p.t(), FiguresJson.of(p.figures()))).toList());
    }
}
