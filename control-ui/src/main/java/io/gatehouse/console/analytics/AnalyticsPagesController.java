package io.gatehouse.console.analytics;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.analytics.TrafficAnalytics;
import io.gatehouse.platform.analytics.TrafficQuery;
import io.gatehouse.platform.analytics.TrafficSeries;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;

/**
 * The traffic dashboard of a control plane, or of one of its services ({@code ?service=}): headline numbers,
 * charts and top tables over a chosen range. The range form is a plain GET that htmx upgrades to swap only the
 * panels (which also refresh themselves every 30 s); {@code /analytics/export} is the same numbers as CSV.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/analytics")
class AnalyticsPagesController {

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final TrafficDashboard dashboards;
    private final TrafficAnalytics analytics;
    private final Clock clock;
    private final String chartjsVersion;

    AnalyticsPagesController(CurrentCaller callers, ControlPlanes controlPlanes, GatewayEntities entities,
            TrafficDashboard dashboards, TrafficAnalytics analytics, Clock clock,
            @Value("${gatehouse.console.chartjs-version}") String chartjsVersion) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.dashboards = dashboards;
        this.analytics = analytics;
        this.clock = clock;
        this.chartjsVersion = chartjsVersion;
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String range,
            @RequestParam(required = false) String service, Model model) {
        panels(slug, cp, range, service, model);
        model.addAttribute("ranges", DashboardRange.values());
        model.addAttribute("chartjsVersion", chartjsVersion);
        return "analytics/dashboard";
    }

    @HxRequest
    @GetMapping
    String panels(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String range,
            @RequestParam(required = false) String service, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(cp);
        DashboardRange chosen = DashboardRange.of(range);
        GatewayEntity scoped = service == null || service.isBlank() ? null
                : entities.get(plane.id().toString(), EntityType.SERVICE, null, service.strip());
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("range", chosen);
        model.addAttribute("service", scoped);
        model.addAttribute("dashboard", dashboards.build(plane.id(), chosen,
                scoped == null ? null : scoped.id().toString(), clock.instant()));
        return "analytics/dashboard :: panels";
    }

    /** The range's numbers as CSV: {@code metric} and {@code group_by} as in the API. */
    @GetMapping("/export")
    ResponseEntity<String> export(@PathVariable String cp, @RequestParam(required = false) String range,
            @RequestParam(required = false) String service, @RequestParam(required = false) String metric,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        callers.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(cp);
        DashboardRange chosen = DashboardRange.of(range);
        String serviceId = service == null || service.isBlank() ? null
                : entities.get(plane.id().toString(), EntityType.SERVICE, null, service.strip()).id().toString();
        java.time.Instant now = clock.instant();
        TrafficQuery query = TrafficQuery.parse(metric, groupBy, now.minus(chosen.length).toString(), now.toString(),
                chosen.granularity.wireName(), String.valueOf(TrafficQuery.MAX_LIMIT), serviceId, now);
        TrafficSeries series = analytics.query(plane.id(), query);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + plane.name() + "-" + series.metric()
                    + "-" + chosen.code + ".csv\"")
            .body(series.toCsv());
    }
}
