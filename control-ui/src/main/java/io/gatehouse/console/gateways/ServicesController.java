package io.gatehouse.console.gateways;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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

import org.springframework.web.util.UriUtils;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.gateways.entities.Parent;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
    static final Set<String> SERVICE_FIELDS = Set.of("name", "url", "protocol", "host", "port", "path", "tags");
    static final Set<String> ROUTE_FIELDS = Set.of("name", "paths", "methods", "hosts", "strip_path");

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final JsonMapper json;

    ServicesController(CurrentCaller callers, ControlPlanes controlPlanes, GatewayEntities entities, JsonMapper json) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.json = json;
    }

    // ---- services list -----------------------------------------------------------------------------------

    @GetMapping("/services")
    String services(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String name,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String after, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
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
        callers.requireOrgRole(OrgRole.VIEWER);
        servicesPage(slug, cp, name, tag, after, model);
        return "gateways/services :: results";
    }

    @PostMapping("/services")
    String createService(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        FormState form = serviceForm(params);
        ObjectNode body = serviceBody(params, form, false);
        if (!form.hasErrors()) {
            try {
                GatewayEntity created = entities.create(cp, EntityType.SERVICE, null, body).entity();
                return "redirect:" + servicePath(slug, cp, created);
            } catch (InvalidInputException e) {
                form.reject(e, SERVICE_FIELDS);
            } catch (ConflictException e) {
                form.reject("name", e.getMessage(), SERVICE_FIELDS);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        servicesPage(slug, cp, null, null, null, model);
        model.addAttribute("form", form);
        return "gateways/services";
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
        callers.requireOrgRole(OrgRole.VIEWER);
        GatewayEntity found = entities.get(cp, EntityType.SERVICE, null, service);
        model.addAttribute("form", FormState.of(serviceValues(found)));
        return servicePage(slug, cp, found, plugin, routesAfter, FormState.empty(), FormState.empty(), model);
    }

    @PostMapping("/services/{service}")
    String updateService(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        GatewayEntity current = entities.get(cp, EntityType.SERVICE, null, service);
        FormState form = serviceForm(params);
        ObjectNode body = serviceBody(params, form, true);
        if (!form.hasErrors()) {
            try {
                GatewayEntity updated = entities.patch(cp, EntityType.SERVICE, null, current.id().toString(), body,
                        parseVersion(params.get("version"))).entity();
                return "redirect:" + servicePath(slug, cp, updated);
            } catch (InvalidInputException e) {
                form.reject(e, SERVICE_FIELDS);
            } catch (ConflictException e) {
                form.reject("name", e.getMessage(), SERVICE_FIELDS);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("form", form);
        return servicePage(slug, cp, current, null, null, FormState.empty(), FormState.empty(), model);
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
        callers.requireOrgRole(OrgRole.EDITOR);
        entities.delete(cp, EntityType.SERVICE, null, service, true, null);
        return "redirect:" + planePath(slug, cp) + "/services";
    }

    @PostMapping("/services/{service}/routes")
    String createRoute(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        FormState routeForm = FormState.of(pick(params, ROUTE_FIELDS));
        ObjectNode body = json.createObjectNode();
        putText(body, "name", params.get("name"));
        putList(body, "paths", params.get("paths"));
        putList(body, "methods", params.get("methods") == null ? null : params.get("methods").toUpperCase());
        putList(body, "hosts", params.get("hosts"));
        body.put("strip_path", "true".equals(params.get("strip_path")));
        try {
            entities.create(cp, EntityType.ROUTE, new Parent(EntityType.Reference.SERVICE, owner.id().toString()),
                    body);
            return "redirect:" + servicePath(slug, cp, owner);
        } catch (InvalidInputException e) {
            routeForm.reject(e, ROUTE_FIELDS);
        } catch (ConflictException e) {
            routeForm.reject("name", e.getMessage(), ROUTE_FIELDS);
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("form", FormState.of(serviceValues(owner)));
        return servicePage(slug, cp, owner, null, null, routeForm, FormState.empty(), model);
    }

    @PostMapping("/services/{service}/routes/{route}/delete")
    String deleteRoute(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @PathVariable String route) {
        callers.requireOrgRole(OrgRole.EDITOR);
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
        callers.requireOrgRole(OrgRole.EDITOR);
        GatewayEntity owner = entities.get(cp, EntityType.SERVICE, null, service);
        PluginSchema<?> schema = PluginSchemas.find(plugin)
                .orElseThrow(() -> InvalidInputException.field("plugin", "is not a plugin this gateway has"));
        PluginForm pluginForm = PluginForm.of(schema, json);
        FormState form = FormState.of(pick(params, pluginForm.params()));
        ObjectNode config = pluginForm.config(params, form, schema, json);
        if (!form.hasErrors()) {
            ObjectNode body = json.createObjectNode();
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
        model.addAttribute("form", FormState.of(serviceValues(owner)));
        return servicePage(slug, cp, owner, plugin, null, FormState.empty(), form, model);
    }

    @PostMapping("/services/{service}/plugins/{id}/delete")
    String deletePlugin(@PathVariable String slug, @PathVariable String cp, @PathVariable String service,
            @PathVariable UUID id) {
        callers.requireOrgRole(OrgRole.EDITOR);
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
        ControlPlane plane = controlPlanes.get(cp);
        EntityFilter filter = EntityFilter.ofTags(blankToNull(tag));
        if (name != null && !name.isBlank()) {
            filter = filter.withName(name.strip());
        }
        EntityPage page = entities.list(plane.id().toString(), EntityType.SERVICE, null, filter, PAGE_SIZE,
                blankToNull(after));
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("page", page);
        model.addAttribute("name", name == null ? "" : name);
        model.addAttribute("tag", tag == null ? "" : tag);
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
    }

    private String servicePage(String slug, String cp, GatewayEntity service, String plugin, String routesAfter,
            FormState routeForm, FormState pluginState, Model model) {
        ControlPlane plane = controlPlanes.get(cp);
        String planeId = plane.id().toString();
        EntityPage routes = entities.list(planeId, EntityType.ROUTE,
                new Parent(EntityType.Reference.SERVICE, service.id().toString()), EntityFilter.none(), PAGE_SIZE,
                blankToNull(routesAfter));
        EntityPage plugins = entities.list(planeId, EntityType.PLUGIN, null,
                EntityFilter.none().withReference(EntityType.Reference.SERVICE, service.id()),
                GatewayEntities.MAX_PAGE_SIZE, null);
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("service", service);
        model.addAttribute("routes", routes);
        model.addAttribute("routeForm", routeForm);
        model.addAttribute("plugins", plugins.data());
        model.addAttribute("pluginNames", PluginSchemas.all().stream().map(PluginSchema::name).sorted().toList());
        model.addAttribute("pluginForm", PluginSchemas.find(plugin).map(schema -> PluginForm.of(schema, json))
                .orElse(null));
        model.addAttribute("pluginState", pluginState);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "gateways/service";
    }

    /** For htmx: success becomes a client-side redirect ({@code HX-Redirect}), a rejected form just the form. */
    private static String inPlace(String view, HttpServletResponse response) {
        if (view.startsWith("redirect:")) {
            response.setHeader("HX-Redirect", view.substring("redirect:".length()));
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return "gateways/fields :: empty";
        }
        return view + " :: service-form";
    }

    private static FormState serviceForm(Map<String, String> params) {
        Map<String, String> values = pick(params, SERVICE_FIELDS);
        values.put("version", params.getOrDefault("version", ""));
        return FormState.of(values);
    }

    /** The service document the form describes; for an edit (a patch), an emptied field is removed. */
    private ObjectNode serviceBody(Map<String, String> params, FormState form, boolean patch) {
        ObjectNode body = json.createObjectNode();
        for (String field : List.of("name", "url", "protocol", "host", "path")) {
            String value = params.getOrDefault(field, "").strip();
            if (!value.isEmpty()) {
                body.put(field, value);
            } else if (patch && !field.equals("name")) {
                body.putNull(field);
            }
        }
        String port = params.getOrDefault("port", "").strip();
        if (!port.isEmpty()) {
            try {
                body.put("port", Integer.parseInt(port));
            } catch (NumberFormatException e) {
                form.reject("port", "must be an integer", SERVICE_FIELDS);
            }
        } else if (patch) {
            body.putNull("port");
        }
        List<String> tags = Lists.split(params.get("tags"));
        if (!tags.isEmpty() || patch) {
            tags.forEach(body.putArray("tags")::add);
        }
        return body;
    }

    private static Map<String, String> serviceValues(GatewayEntity service) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode document = service.document();
        for (String field : List.of("name", "url", "protocol", "host", "port", "path")) {
            JsonNode value = document.get(field);
            values.put(field, value == null || value.isNull() ? "" : value.asString());
        }
        values.put("tags", Lists.join(service.tags()));
        values.put("version", Long.toString(service.version()));
        return values;
    }

    private static Map<String, String> pick(Map<String, String> params, Set<String> fields) {
        Map<String, String> picked = new LinkedHashMap<>();
        fields.forEach(field -> picked.put(field, params.getOrDefault(field, "")));
        return picked;
    }

    private static void putText(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value.strip());
        }
    }

    private static void putList(ObjectNode body, String field, String value) {
        List<String> items = Lists.split(value);
        if (!items.isEmpty()) {
            items.forEach(body.putArray(field)::add);
        }
    }

    static String servicePath(String slug, String cp, GatewayEntity service) {
        return planePath(slug, cp) + "/services/"
                + UriUtils.encodePathSegment(service.name() != null ? service.name() : service.id().toString(),
                        StandardCharsets.UTF_8);
    }

    static String planePath(String slug, String cp) {
        return "/orgs/" + slug + "/control-planes/" + UriUtils.encodePathSegment(cp, StandardCharsets.UTF_8);
    }

    private static Long parseVersion(String version) {
        try {
            return version == null || version.isBlank() ? null : Long.valueOf(version);
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("version", "must be a number");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
