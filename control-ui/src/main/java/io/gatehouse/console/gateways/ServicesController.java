package io.gatehouse.console.gateways;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.gateways.entities.Parent;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services of a control plane and, per service, its routes and plugins. The list reads one keyset page
 * (never the whole table), filtered by exact name or by tags; the service form is swapped in place by htmx
 * with the gateway validator's messages next to their fields, and works as a plain form without JavaScript.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}")
class ServicesController {

    static final int PAGE_SIZE = 50;
    /** What the create form asks for; the edit form adds {@link #SERVICE_MORE}. */
    static final DocumentForm SERVICE_BASICS = DocumentForm.of(
            DocumentForm.field("name", "Name", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("url", "URL", DocumentForm.Kind.TEXT,
                    "The upstream, e.g. http://orders.internal:8080/v1; or give protocol, host, port and path instead."),
            DocumentForm.choice("protocol", "Protocol", null, "http", "https"),
            DocumentForm.field("host", "Host", DocumentForm.Kind.TEXT, "A host name, or the name of an upstream."),
            DocumentForm.field("port", "Port", DocumentForm.Kind.INTEGER, null),
            DocumentForm.field("path", "Path", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    /** Timeouts and the MeshRetry retry policy ({@code retry}), on the edit form. */
    static final DocumentForm SERVICE_MORE = DocumentForm.of(
            DocumentForm.field("retries", "Retries", DocumentForm.Kind.INTEGER,
                    "Used when no retry policy is set. Default 5."),
            DocumentForm.field("connect_timeout", "Connect timeout (ms)", DocumentForm.Kind.INTEGER, "Default 60000."),
            DocumentForm.field("write_timeout", "Write timeout (ms)", DocumentForm.Kind.INTEGER, "Default 60000."),
            DocumentForm.field("read_timeout", "Read timeout (ms)", DocumentForm.Kind.INTEGER, "Default 60000."),
            DocumentForm.field("enabled", "Enabled", DocumentForm.Kind.BOOLEAN, null),
            DocumentForm.field("retry.num_retries", "Retry: number of retries", DocumentForm.Kind.INTEGER,
                    "0 to 32767. Default 5."),
            DocumentForm.field("retry.per_try_timeout", "Retry: per-try timeout", DocumentForm.Kind.TEXT,
                    "A duration such as 15s or 1m30s; 0 disables it. Default 15s."),
            DocumentForm.field("retry.back_off.base_interval", "Retry: back-off base interval", DocumentForm.Kind.TEXT,
                    "Default 25ms."),
            DocumentForm.field("retry.back_off.max_interval", "Retry: back-off max interval", DocumentForm.Kind.TEXT,
                    "At least the base interval. Default 10 times the base."),
            DocumentForm.field("retry.rate_limited_back_off.reset_headers", "Retry: rate-limited reset headers",
                    DocumentForm.Kind.JSON, "JSON, e.g. [{\"name\": \"Retry-After\", \"format\": \"Seconds\"}]"),
            DocumentForm.field("retry.rate_limited_back_off.max_interval", "Retry: rate-limited max interval",
                    DocumentForm.Kind.TEXT, "Default 300s."),
            DocumentForm.field("retry.retry_on", "Retry: retry on", DocumentForm.Kind.LIST,
                    "Comma-separated: 5XX, GatewayError, Reset, ConnectFailure, RefusedStream, Retriable4xx, "
                            + "HttpMethodGet …, or status codes such as 503."),
            DocumentForm.field("retry.retriable_request_headers", "Retry: retriable request headers",
                    DocumentForm.Kind.JSON, "JSON, e.g. [{\"type\": \"Exact\", \"name\": \"x-retry\", \"value\": \"yes\"}]"),
            DocumentForm.field("retry.retriable_response_headers", "Retry: retriable response headers",
                    DocumentForm.Kind.JSON, "JSON, same shape as the request headers."),
            DocumentForm.field("retry.host_selection", "Retry: host selection", DocumentForm.Kind.JSON,
                    "JSON, e.g. [{\"predicate\": \"OmitPreviousHosts\"}]"));

    /** What the service page edits: the basics and the rest. */
    static final DocumentForm SERVICE_EDIT_FORM = SERVICE_BASICS.and(SERVICE_MORE);

    private final GatewayEntities entities;
    private final GatewayPages pages;

    ServicesController(GatewayEntities entities, GatewayPages pages) {
        this.pages = pages;
        this.entities = entities;
    }

    // ---- services list -----------------------------------------------------------------------------------

    @GetMapping("/services")
    String services(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String name,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String after, Model model) {
        servicesPage(slug, cp, name, tag, after, model);
        model.addAttribute("form", FormState.empty());
        return "gateways/services";
    }

    /** The search form and the paging links swap only the results. */
    @HxRequest
    @GetMapping("/services")
    String serviceResults(@PathVariable String slug, @PathVariable String cp,
            @RequestParam(required = false) String name, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String after, Model model) {
        servicesPage(slug, cp, name, tag, after, model);
        return "gateways/services :: results";
    }

    @PostMapping("/services")
    String createService(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        pages.requireEditor();
        return pages.create(response, SERVICE_BASICS, params, "name",
                body -> entities.create(cp, EntityType.SERVICE, null, body).entity(),
                created -> servicePath(slug, cp, created),
                form -> {
                    servicesPage(slug, cp, null, null, null, model);
                    model.addAttribute("form", form);
                    return "gateways/services";
                });
    }

    /** htmx: a rejected form comes back as the form alone; a created service sends the browser to its page. */
    @HxRequest
    @PostMapping("/services")
    String createServiceInPlace(@PathVariable String slug, @PathVariable String cp,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        String view = createService(slug, cp, params, model, response);
        return inPlace(view, response);
    }

    // ---- one service: edit, delete, routes, plugins ------------------------------------------------------

    @GetMapping("/services/{service}")
    String service(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam(required = false) String plugin, @RequestParam(required = false) String routesAfter,
            Model model) {
        pages.requireViewer();
        GatewayEntity found = entities.get(cp, EntityType.SERVICE, null, service);
        model.addAttribute("form", pages.shown(SERVICE_EDIT_FORM, found));
        return servicePage(slug, cp, found, plugin, routesAfter, FormState.empty(), FormState.empty(), model);
    }

    @PostMapping("/services/{service}")
    String updateService(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity current = entities.get(cp, EntityType.SERVICE, null, service);
        return pages.update(response, SERVICE_EDIT_FORM, params, current, "name",
                (body, version) -> entities.upsert(cp, EntityType.SERVICE, null, current.id().toString(), body,
                        version).entity(),
                updated -> servicePath(slug, cp, updated),
                form -> {
                    model.addAttribute("form", form);
                    return servicePage(slug, cp, current, null, null, FormState.empty(), FormState.empty(), model);
                });
    }

    @HxRequest
    @PostMapping("/services/{service}")
    String updateServiceInPlace(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        return inPlace(updateService(slug, cp, service, params, model, response), response);
    }

    /** Deletes a service with its routes and plugins (the page asks first). */
    @PostMapping("/services/{service}/delete")
    String deleteService(@PathVariable String slug, @PathVariable String cp, @PathVariable String service) {
        pages.requireEditor();
        entities.delete(cp, EntityType.SERVICE, null, service, true, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/services";
    }

    @PostMapping("/services/{service}/routes")
    String createRoute(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        FormState routeForm = RoutesController.ROUTE_FORM.typed(params);
        ObjectNode body = RoutesController.ROUTE_FORM.apply(RoutesController.upperMethods(params),
                pages.newDocument(), routeForm, pages.json());
        return pages.submit(response, routeForm, RoutesController.ROUTE_FORM.paths(), "name",
                () -> entities.create(cp, EntityType.ROUTE, new Parent(EntityType.Reference.SERVICE,
                        owner.id().toString()), body).entity(),
                created -> servicePath(slug, cp, owner),
                () -> {
                    model.addAttribute("form", pages.shown(SERVICE_EDIT_FORM, owner));
                    return servicePage(slug, cp, owner, null, null, routeForm, FormState.empty(), model);
                });
    }

    @PostMapping("/services/{service}/routes/{route}/delete")
    String deleteRoute(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @PathVariable String route) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        entities.delete(cp, EntityType.ROUTE, new Parent(EntityType.Reference.SERVICE, owner.id().toString()), route,
                true, null);
        return "redirect:" + servicePath(slug, cp, owner);
    }

    /** Enables a plugin on the service with the config typed into the form built from its schema. */
    @PostMapping("/services/{service}/plugins")
    String enablePlugin(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam String plugin, @RequestParam Map<String, String> params, Model model,
            HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        PluginSchema<?> schema = PluginSchemas.find(plugin)
                .orElseThrow(() -> InvalidInputException.field("plugin", "is not a plugin this gateway has"));
        PluginForm pluginForm = PluginForm.of(schema, pages.json());
        FormState form = FormState.of(pick(params, pluginForm.params()));
        ObjectNode config = pluginForm.config(params, form, schema, pages.json());
        if (!form.hasErrors()) {
            ObjectNode body = pages.newDocument();
            body.put("name", plugin);
            body.set("config", config);
            body.putObject("service").put("id", owner.id().toString());
            try {
                entities.create(cp, EntityType.PLUGIN, null, body);
                return "redirect:" + servicePath(slug, cp, owner);
            } catch (InvalidInputException e) {
                form.reject(e, pluginForm.params());
            } catch (ConflictException e) {
                form.fail(e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("form", pages.shown(SERVICE_EDIT_FORM, owner));
        return servicePage(slug, cp, owner, plugin, null, FormState.empty(), form, model);
    }

    @PostMapping("/services/{service}/plugins/{id}/delete")
    String deletePlugin(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @PathVariable UUID id) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        GatewayEntity plugin = entities.get(cp, EntityType.PLUGIN, null, id.toString());
        if (!owner.id().equals(plugin.reference(EntityType.Reference.SERVICE))) {
            throw new io.gatehouse.platform.shared.errors.NotFoundException("plugin", id.toString());
        }
        entities.delete(cp, EntityType.PLUGIN, null, id.toString(), false, null);
        return "redirect:" + servicePath(slug, cp, owner);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void servicesPage(String slug, String cp, String name, String tag, String after, Model model) {
        ControlPlane plane = pages.read(slug, cp, model);
        EntityFilter filter = EntityFilter.ofTags(blankToNull(tag));
        if (name != null && !name.isBlank()) {
            filter = filter.withName(name.strip());
        }
        EntityPage page = entities.list(plane.id().toString(), EntityType.SERVICE, null, filter, PAGE_SIZE,
                blankToNull(after));
        model.addAttribute("page", page);
        model.addAttribute("name", name == null ? "" : name);
        model.addAttribute("tag", tag == null ? "" : tag);
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("serviceBasics", SERVICE_BASICS.fields());
    }

    private String servicePage(String slug, String cp, GatewayEntity service, String plugin, String routesAfter,
            FormState routeForm, FormState pluginState, Model model) {
        String planeId = pages.read(slug, cp, model).id().toString();
        EntityPage routes = entities.list(planeId, EntityType.ROUTE,
                new Parent(EntityType.Reference.SERVICE, service.id().toString()), EntityFilter.none(), PAGE_SIZE,
                blankToNull(routesAfter));
        EntityPage plugins = entities.list(planeId, EntityType.PLUGIN, null,
                EntityFilter.none().withReference(EntityType.Reference.SERVICE, service.id()),
                GatewayEntities.MAX_PAGE_SIZE, null);
        model.addAttribute("service", service);
        model.addAttribute("routes", routes);
        model.addAttribute("routeForm", routeForm);
        model.addAttribute("routeFields", RoutesController.ROUTE_FORM.fields());
        model.addAttribute("serviceBasics", SERVICE_BASICS.fields());
        model.addAttribute("serviceMore", SERVICE_MORE.fields());
        model.addAttribute("plugins", plugins.data());
        model.addAttribute("pluginNames", PluginSchemas.all().stream().map(PluginSchema::name).sorted().toList());
        model.addAttribute("pluginForm", PluginSchemas.find(plugin).map(schema -> PluginForm.of(schema, pages.json()))
                .orElse(null));
        model.addAttribute("pluginState", pluginState);
        return "gateways/service";
    }

    private static String inPlace(String view, HttpServletResponse response) {
        return HxViews.inPlace(view, "service-form", response);
    }

    private static Map<String, String> pick(Map<String, String> params, Set<String> fields) {
        Map<String, String> picked = new LinkedHashMap<>();
        fields.forEach(field -> picked.put(field, params.getOrDefault(field, "")));
        return picked;
    }

    static String servicePath(String slug, String cp, GatewayEntity service) {
        return GatewayPages.entityPath(slug, cp, "services", service);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
