package io.gatehouse.console.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

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
import io.gatehouse.platform.portal.apps.ApplicationUsage;
import io.gatehouse.platform.portal.developers.Developer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The usage of one of the signed-in developer's applications (requests, 4xx and 5xx, latency p50/p95/p99 over a
 * chosen range, in total, over time and per API). Only the application's owner sees it: another developer's
 * application, or another portal's, is a 404 ({@link ApplicationUsage#forDeveloper}). The range form is a plain GET
 * that htmx upgrades to swap only the panel, which also refreshes itself every 30 s; the app page loads the
 * headline figures from the same fragment.
 */
@Controller
@RequestMapping("/portal/{slug}/apps/{app}/usage")
class DeveloperAppUsageController {

    private final PortalPages pages;
    private final ApplicationUsage usage;
    private final UsageCharts charts;
    private final Clock clock;
    private final String chartjsVersion;

    DeveloperAppUsageController(PortalPages pages, ApplicationUsage usage, UsageCharts charts, Clock clock,
            @Value("${gatehouse.console.chartjs-version}") String chartjsVersion) {
        this.pages = pages;
        this.usage = usage;
        this.charts = charts;
        this.clock = clock;
        this.chartjsVersion = chartjsVersion;
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable UUID app, @RequestParam(required = false) String range,
            HttpServletRequest request, Model model) {
        panel(slug, app, range, request, model);
        model.addAttribute("ranges", DashboardRange.values());
        model.addAttribute("chartjsVersion", chartjsVersion);
        return "portal/usage";
    }

    @HxRequest
    @GetMapping
    String panel(@PathVariable String slug, @PathVariable UUID app, @RequestParam(required = false) String range,
            HttpServletRequest request, Model model) {
        Developer developer = pages.developer(slug, request, model);
        DashboardRange chosen = DashboardRange.of(range);
        Instant now = clock.instant();
        ApplicationUsage.Report report = usage.forDeveloper(developer.org(), developer.id(), app,
                now.minus(chosen.length()), now, chosen.granularity());
        model.addAttribute("report", report);
        model.addAttribute("charts", charts.of(report.traffic()));
        model.addAttribute("range", chosen);
        return "portal/usage :: panel";
    }
}
