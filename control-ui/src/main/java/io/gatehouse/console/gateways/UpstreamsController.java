package io.gatehouse.console.gateways;

import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.gateways.entities.Parent;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Upstreams (load-balancing algorithm, hashing, active and passive health checks) and their targets
 * ({@code host:port} and weight). A service uses an upstream by naming it as its host.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/upstreams")
class UpstreamsController {

    private static final String HASH_ON = "none, consumer, ip, header, cookie or path.";

    static final DocumentForm UPSTREAM_FORM = DocumentForm.of(
            DocumentForm.field("name", "Name", DocumentForm.Kind.TEXT,
                    "A host name; services reach this upstream by using it as their host."),
            DocumentForm.choice("algorithm", "Algorithm", "Default round-robin.", "round-robin", "least-connections",
                    "consistent-hashing"),
            DocumentForm.choice("hash_on", "Hash on", "For consistent-hashing. Default none.", "none", "consumer",
                    "ip", "header", "cookie", "path"),
            DocumentForm.field("hash_on_header", "Hash on header", DocumentForm.Kind.TEXT, "When hashing on a header."),
            DocumentForm.field("hash_on_cookie", "Hash on cookie", DocumentForm.Kind.TEXT, "When hashing on a cookie."),
            DocumentForm.field("hash_on_cookie_path", "Cookie path", DocumentForm.Kind.TEXT, "Default /."),
            DocumentForm.choice("hash_fallback", "Hash fallback", "When the first value is missing: " + HASH_ON,
                    "none", "consumer", "ip", "header", "cookie", "path"),
            DocumentForm.field("hash_fallback_header", "Hash fallback header", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("slots", "Slots", DocumentForm.Kind.INTEGER, "10 to 65536. Default 10000."),
            DocumentForm.field("host_header", "Host header", DocumentForm.Kind.TEXT,
                    "Sent to targets instead of the target's host."),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    /** Kong's health-check fields (intervals and timeouts in seconds, as in Kong). */
    static final DocumentForm HEALTH_FORM = DocumentForm.of(
            DocumentForm.choice("healthchecks.active.type", "Active: probe type", "Default http.", "http", "https",
                    "tcp"),
            DocumentForm.field("healthchecks.active.http_path", "Active: HTTP path", DocumentForm.Kind.TEXT,
                    "Default /."),
            DocumentForm.field("healthchecks.active.timeout", "Active: timeout (s)", DocumentForm.Kind.NUMBER,
                    "Default 1."),
            DocumentForm.field("healthchecks.active.concurrency", "Active: concurrency", DocumentForm.Kind.INTEGER,
                    "Default 10."),
            DocumentForm.field("healthchecks.active.https_sni", "Active: HTTPS SNI", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("healthchecks.active.https_verify_certificate", "Active: verify the certificate",
                    DocumentForm.Kind.BOOLEAN, "Default true."),
            DocumentForm.field("healthchecks.active.healthy.interval", "Active healthy: interval (s)",
                    DocumentForm.Kind.NUMBER, "0 turns probing of healthy targets off. Default 0."),
            DocumentForm.field("healthchecks.active.healthy.successes", "Active healthy: successes",
                    DocumentForm.Kind.INTEGER, "0 to 255. Default 0."),
            DocumentForm.field("healthchecks.active.healthy.http_statuses", "Active healthy: HTTP statuses",
                    DocumentForm.Kind.INTEGER_LIST, "Default 200, 302."),
            DocumentForm.field("healthchecks.active.unhealthy.interval", "Active unhealthy: interval (s)",
                    DocumentForm.Kind.NUMBER, "Default 0."),
            DocumentForm.field("healthchecks.active.unhealthy.http_failures", "Active unhealthy: HTTP failures",
                    DocumentForm.Kind.INTEGER, "0 to 255. Default 0."),
            DocumentForm.field("healthchecks.active.unhealthy.tcp_failures", "Active unhealthy: TCP failures",
                    DocumentForm.Kind.INTEGER, "Default 0."),
            DocumentForm.field("healthchecks.active.unhealthy.timeouts", "Active unhealthy: timeouts",
                    DocumentForm.Kind.INTEGER, "Default 0."),
            DocumentForm.field("healthchecks.active.unhealthy.http_statuses", "Active unhealthy: HTTP statuses",
                    DocumentForm.Kind.INTEGER_LIST, "Default 429, 404, 500, 501, 502, 503, 504, 505."),
            DocumentForm.choice("healthchecks.passive.type", "Passive: type", "Default http.", "http", "https",
                    "tcp"),
            DocumentForm.field("healthchecks.passive.healthy.successes", "Passive healthy: successes",
                    DocumentForm.Kind.INTEGER, "Default 0."),
            DocumentForm.field("healthchecks.passive.healthy.http_statuses", "Passive healthy: HTTP statuses",
                    DocumentForm.Kind.INTEGER_LIST, "Default 200–208, 226, 300–308."),
            DocumentForm.field("healthchecks.passive.unhealthy.http_failures", "Passive unhealthy: HTTP failures",
                    DocumentForm.Kind.INTEGER, "0 to 255. Default 0 (off)."),
            DocumentForm.field("healthchecks.passive.unhealthy.tcp_failures", "Passive unhealthy: TCP failures",
                    DocumentForm.Kind.INTEGER, "Default 0."),
            DocumentForm.field("healthchecks.passive.unhealthy.timeouts", "Passive unhealthy: timeouts",
                    DocumentForm.Kind.INTEGER, "Default 0."),
            DocumentForm.field("healthchecks.passive.unhealthy.http_statuses", "Passive unhealthy: HTTP statuses",
                    DocumentForm.Kind.INTEGER_LIST, "Default 429, 500, 503."),
            DocumentForm.field("healthchecks.threshold", "Healthy threshold (%)", DocumentForm.Kind.NUMBER,
                    "Below this share of healthy weight the upstream counts as unhealthy. Default 0."));

    static final DocumentForm TARGET_FORM = DocumentForm.of(
            DocumentForm.field("target", "Target", DocumentForm.Kind.TEXT,
                    "host:port or [ipv6]:port; a host alone means port 8000."),
            DocumentForm.field("weight", "Weight", DocumentForm.Kind.INTEGER, "0 to 65535; 0 takes it out. Default 100."),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    /** What the upstream pages edit: the upstream's own fields and its health checks. */
    static final DocumentForm EDIT_FORM = UPSTREAM_FORM.and(HEALTH_FORM);

    private final GatewayPages pages;
    private final GatewayEntities entities;

    UpstreamsController(GatewayPages pages, GatewayEntities entities) {
        this.pages = pages;
        this.entities = entities;
    }

    @GetMapping
    String list(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String after,
            Model model) {
        return listPage(slug, cp, after, FormState.empty(), model);
    }

    @PostMapping
    String create(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        pages.requireEditor();
        return pages.create(response, EDIT_FORM, params, "name",
                body -> entities.create(cp, EntityType.UPSTREAM, null, body).entity(),
                created -> GatewayPages.entityPath(slug, cp, "upstreams", created),
                form -> listPage(slug, cp, null, form, model));
    }

    @HxRequest
    @PostMapping
    String createInPlace(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        return HxViews.inPlace(create(slug, cp, params, model, response), "upstream-form", response);
    }

    @GetMapping("/{upstream}")
    String upstream(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream, Model model) {
        pages.read(slug, cp, model);
        GatewayEntity found = entities.get(cp, EntityType.UPSTREAM, null, upstream);
        return upstreamPage(cp, found, pages.shown(EDIT_FORM, found), FormState.empty(), model);
    }

    @PostMapping("/{upstream}")
    String update(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity current = entities.get(cp, EntityType.UPSTREAM, null, upstream);
        return pages.update(response, EDIT_FORM, params, current, "name",
                (body, version) -> entities.upsert(cp, EntityType.UPSTREAM, null, current.id().toString(), body,
                        version).entity(),
                saved -> GatewayPages.entityPath(slug, cp, "upstreams", saved),
                form -> upstreamPage(cp, current, form, FormState.empty(), model));
    }

    @HxRequest
    @PostMapping("/{upstream}")
    String updateInPlace(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        return HxViews.inPlace(update(slug, cp, upstream, params, model, response), "upstream-form", response);
    }

    @PostMapping("/{upstream}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream) {
        pages.requireEditor();
        entities.delete(cp, EntityType.UPSTREAM, null, upstream, false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/upstreams";
    }

    @PostMapping("/{upstream}/targets")
    String addTarget(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity owner = entities.get(cp, EntityType.UPSTREAM, null, upstream);
        return pages.create(response, TARGET_FORM, params, "target",
                body -> entities.create(cp, EntityType.TARGET, new Parent(EntityType.Reference.UPSTREAM,
                        owner.id().toString()), body).entity(),
                created -> GatewayPages.entityPath(slug, cp, "upstreams", owner),
                form -> upstreamPage(cp, owner, pages.shown(EDIT_FORM, owner), form, model));
    }

    @PostMapping("/{upstream}/targets/{target}/delete")
    String deleteTarget(@PathVariable String slug, @PathVariable String cp, @PathVariable String upstream,
            @PathVariable String target) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.UPSTREAM, null, upstream);
        entities.delete(cp, EntityType.TARGET, new Parent(EntityType.Reference.UPSTREAM, owner.id().toString()),
                target, false, null);
        return "redirect:" + GatewayPages.entityPath(slug, cp, "upstreams", owner);
    }

    private String listPage(String slug, String cp, String after, FormState form, Model model) {
        pages.listPage(pages.read(slug, cp, model), EntityType.UPSTREAM, after, form, model);
        model.addAttribute("upstreamFields", UPSTREAM_FORM.fields());
        model.addAttribute("healthFields", HEALTH_FORM.fields());
        return "gateways/upstreams";
    }

    private String upstreamPage(String cp, GatewayEntity upstream, FormState form, FormState targetForm, Model model) {
        EntityPage targets = entities.list(cp, EntityType.TARGET,
                new Parent(EntityType.Reference.UPSTREAM, upstream.id().toString()), EntityFilter.none(),
                GatewayEntities.MAX_PAGE_SIZE, null);
        model.addAttribute("upstream", upstream);
        model.addAttribute("targets", targets.data());
        model.addAttribute("form", form);
        model.addAttribute("targetForm", targetForm);
        model.addAttribute("upstreamFields", UPSTREAM_FORM.fields());
        model.addAttribute("healthFields", HEALTH_FORM.fields());
        model.addAttribute("targetFields", TARGET_FORM.fields());
        return "gateways/upstream";
    }
}
