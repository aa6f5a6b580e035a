package io.gatehouse.console.portaladmin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.console.analytics.DashboardRange;
import io.gatehouse.console.analytics.UsageCharts;
import io.gatehouse.platform.analytics.TrafficSource;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.portal.PortalTags;
import io.gatehouse.platform.portal.apps.ApplicationUsage;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * One application of the organization's portal in the console: its developer, its access to product versions,
 * and the same usage its developer sees on the portal (range picker, htmx panel), with the consumer it has on each
 * control plane and a link to that control plane's traffic dashboard. VIEWER; another organization's application is
 * a 404.
 */
@Controller
@RequestMapping("/orgs/{slug}/portal/apps/{app}")
class PortalAppController {

    /** The application's consumer on a control plane of the organization. */
    record ConsumerLink(ControlPlane plane, String consumerId, String consumerName) {
    }

    private final CurrentCaller callers;
    private final ApplicationUsage usage;
    private final Registrations registrations;
    private final Developers developers;
    private final ControlPlanes controlPlanes;
    private final UsageCharts charts;
    private final Clock clock;
    private final String chartjsVersion;

    PortalAppController(CurrentCaller callers, ApplicationUsage usage, Registrations registrations, Developers developers,
            ControlPlanes controlPlanes, UsageCharts charts, Clock clock,
            @Value("${gatehouse.console.chartjs-version}") String chartjsVersion) {
        this.callers = callers;
        this.usage = usage;
        this.registrations = registrations;
        this.developers = developers;
        this.controlPlanes = controlPlanes;
        this.charts = charts;
        this.clock = clock;
        this.chartjsVersion = chartjsVersion;
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable UUID app, @RequestParam(required = false) String range,
            Model model) {
        panel(slug, app, range, model);
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        ApplicationUsage.Report report = (ApplicationUsage.Report) model.getAttribute("report");
        Set<UUID> planes = usage.sources(org, app).stream().map(TrafficSource::controlPlane).collect(Collectors.toSet());
        List<ConsumerLink> consumers = controlPlanes.list().stream().filter(plane -> planes.contains(plane.id()))
                .map(plane -> new ConsumerLink(plane, PortalTags.consumerId(app, plane.id()).toString(),
                        PortalTags.consumerName(app))).toList();
        model.addAttribute("developerEmail", developers.get(org, report.application().developerId()).email());
        model.addAttribute("registrations", registrations.forApplication(org, app));
        model.addAttribute("consumers", consumers);
        model.addAttribute("ranges", DashboardRange.values());
        model.addAttribute("chartjsVersion", chartjsVersion);
        return "portaladmin/app";
    }

    @HxRequest
    @GetMapping
    String panel(@PathVariable String slug, @PathVariable UUID app, @RequestParam(required = false) String range,
            Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        DashboardRange chosen = DashboardRange.of(range);
        Instant now = clock.instant();
        ApplicationUsage.Report report = usage.forConsole(org, app, now.minus(chosen.length()), now, chosen.granularity());
        model.addAttribute("slug", slug);
        model.addAttribute("report", report);
        model.addAttribute("charts", charts.of(report.traffic()));
        model.addAttribute("range", chosen);
        return "portaladmin/app :: panel";
    }
}
