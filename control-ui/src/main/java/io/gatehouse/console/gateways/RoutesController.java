package io.gatehouse.console.gateways;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routes of a control plane: a keyset-paged list (with the service each belongs to) and, per route, the
 * whole Kong route form (protocols, methods, hosts, paths with {@code ~/regex}, headers, SNIs, strip_path,
 * preserve_host, regex_priority, https_redirect_status_code, tags) and the plugins scoped to it. Routes are
 * created on their service's page with the same form.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/routes")
class RoutesController {

    /** Kong's route fields, each named by its path so the gateway's messages land next to it. */
    static final DocumentForm ROUTE_FORM = DocumentForm.of(
            DocumentForm.field("name", "Route name", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("paths", "Paths", DocumentForm.Kind.LINES,
                    "One per line: a prefix such as /orders, or a regex written ~/orders/(?<id>\\d+)$"),
            DocumentForm.field("methods", "Methods", DocumentForm.Kind.LIST,
                    "Comma-separated, e.g. GET, POST; empty for any."),
            DocumentForm.field("hosts", "Hosts", DocumentForm.Kind.LIST,
                    "Comma-separated; wildcards like *.example.com or api.*"),
            DocumentForm.field("headers", "Headers", DocumentForm.Kind.HEADERS,
                    "One per line: Name: value, value (a value ~*regex is a regex). Not Host."),
            DocumentForm.field("protocols", "Protocols", DocumentForm.Kind.LIST, "Comma-separated. Default http, https."),
            DocumentForm.field("snis", "SNIs", DocumentForm.Kind.LIST,
                    "Comma-separated server names; needs the https protocol."),
            DocumentForm.field("strip_path", "Strip the matched path", DocumentForm.Kind.BOOLEAN, "Default true."),
            DocumentForm.field("preserve_host", "Preserve the Host header", DocumentForm.Kind.BOOLEAN,
                    "Default false."),
            DocumentForm.field("regex_priority", "Regex priority", DocumentForm.Kind.INTEGER,
                    "Higher regex paths are tried first. Default 0."),
            DocumentForm.integerChoice("https_redirect_status_code", "HTTPS redirect status",
                    "Sent when a plain-http request hits an https-only route. Default 426.",
                    "426", "301", "302", "307", "308"),
            DocumentForm.choice("path_handling", "Path handling", "Default v0.", "v0", "v1"),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    private final GatewayPages pages;
    private final GatewayEntities entities;

    RoutesController(GatewayPages pages, GatewayEntities entities) {
        this.pages = pages;
        this.entities = entities;
    }

    /** Methods are upper case in Kong; the form accepts what was typed in any case. */
    static Map<String, String> upperMethods(Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.computeIfPresent("methods", (field, value) -> value.toUpperCase(java.util.Locale.ROOT));
        return copy;
    }

    @GetMapping
    String list(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String name,
            @RequestParam(required = false) String after, Model model) {
        ControlPlane plane = pages.read(slug, cp, model);
        EntityFilter filter = name == null || name.isBlank() ? EntityFilter.none()
                : EntityFilter.none().withName(name.strip());
        EntityPage page = entities.list(plane.id().toString(), EntityType.ROUTE, null, filter,
                ServicesController.PAGE_SIZE, GatewayPages.blankToNull(after));
        Map<UUID, String> serviceNames = new HashMap<>();
        for (GatewayEntity route : page.data()) {
            UUID service = route.reference(EntityType.Reference.SERVICE);
            if (service != null) {
                serviceNames.computeIfAbsent(service, id -> {
                    GatewayEntity found = entities.get(cp, EntityType.SERVICE, null, id.toString());
                    return found.name() != null ? found.name() : id.toString();
                });
            }
        }
        model.addAttribute("page", page);
        model.addAttribute("serviceNames", serviceNames);
        model.addAttribute("name", name == null ? "" : name);
        model.addAttribute("paged", after != null && !after.isBlank());
        return "gateways/routes";
    }

    @HxRequest
    @GetMapping
    String results(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String name,
            @RequestParam(required = false) String after, Model model) {
        list(slug, cp, name, after, model);
        return "gateways/routes :: results";
    }

    @GetMapping("/{route}")
    String route(@PathVariable String slug, @PathVariable String cp, @PathVariable String route, Model model) {
        pages.read(slug, cp, model);
        GatewayEntity found = entities.get(cp, EntityType.ROUTE, null, route);
        return routePage(cp, found, pages.shown(ROUTE_FORM, found), model);
    }

    @PostMapping("/{route}")
    String update(@PathVariable String slug, @PathVariable String cp, @PathVariable String route,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity current = entities.get(cp, EntityType.ROUTE, null, route);
        FormState form = ROUTE_FORM.typed(params);
        form.getValues().put("version", params.getOrDefault("version", ""));
        ObjectNode body = ROUTE_FORM.apply(upperMethods(params), entities.withReferences(current), form, pages.json());
        Long version = GatewayPages.version(params);
        return pages.submit(response, form, ROUTE_FORM.paths(), "name",
                () -> entities.upsert(cp, EntityType.ROUTE, null, current.id().toString(), body, version).entity(),
                saved -> GatewayPages.entityPath(slug, cp, "routes", saved),
                () -> routePage(cp, current, form, model));
    }

    /** htmx: the form is swapped in place; a saved route sends the browser to its page. */
    @HxRequest
    @PostMapping("/{route}")
    String updateInPlace(@PathVariable String slug, @PathVariable String cp, @PathVariable String route,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        return HxViews.inPlace(update(slug, cp, route, params, model, response), "route-form", response);
    }

    @PostMapping("/{route}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp, @PathVariable String route) {
        pages.requireEditor();
        GatewayEntity found = entities.get(cp, EntityType.ROUTE, null, route);
        entities.delete(cp, EntityType.ROUTE, null, found.id().toString(), true, null);
        UUID service = found.reference(EntityType.Reference.SERVICE);
        return "redirect:" + GatewayPages.planePath(slug, cp)
                + (service != null ? "/services/" + service : "/routes");
    }

    private String routePage(String cp, GatewayEntity route, FormState form, Model model) {
        UUID service = route.reference(EntityType.Reference.SERVICE);
        model.addAttribute("route", route);
        model.addAttribute("service", service == null ? null : entities.get(cp, EntityType.SERVICE, null,
                service.toString()));
        model.addAttribute("form", form);
        model.addAttribute("routeFields", ROUTE_FORM.fields());
        model.addAttribute("scopedPlugins", pages.referencing(cp, EntityType.PLUGIN, EntityType.Reference.ROUTE, route));
        model.addAttribute("pluginScope", "route=" + route.id());
        return "gateways/route";
    }
}
