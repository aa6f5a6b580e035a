package io.gatehouse.console.gateways;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.EntityType.Reference;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plugins at every scope: the control plane's list (global and scoped, with their scope), a new plugin for
 * any combination of service, route, consumer and consumer group (none is global; the most specific
 * instance wins at the gateway, as in Kong), and one plugin's page to edit its config with the form built
 * from its schema, enable or disable it, or remove it. The scoped pages (a route, a consumer, a consumer
 * group) list their plugins and link here with their scope in the query.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/plugins")
class PluginsController {

    private static final List<Reference> SCOPES = List.of(Reference.SERVICE, Reference.ROUTE, Reference.CONSUMER,
            Reference.CONSUMER_GROUP);

    private final GatewayPages pages;
    private final GatewayEntities entities;

    PluginsController(GatewayPages pages, GatewayEntities entities) {
        this.pages = pages;
        this.entities = entities;
    }

    /** One row of the list: the plugin and its scope in words. */
    record Row(GatewayEntity plugin, String name, String scope, boolean enabled) {
    }

    @GetMapping
    String list(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String after,
            Model model) {
        ControlPlane plane = pages.read(slug, cp, model);
        EntityPage page = entities.list(plane.id().toString(), EntityType.PLUGIN, null, EntityFilter.none(),
                ServicesController.PAGE_SIZE, GatewayPages.blankToNull(after));
        List<Row> rows = new ArrayList<>();
        for (GatewayEntity plugin : page.data()) {
            rows.add(new Row(plugin, plugin.document().path("name").asString(), scopeText(cp, plugin),
                    plugin.document().path("enabled").asBoolean(true)));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("page", page);
        model.addAttribute("paged", after != null && !after.isBlank());
        return "gateways/plugins";
    }

    /** The picker and, once a plugin is chosen, its form, for the scope in the query (none: global). */
    @GetMapping("/new")
    String newPlugin(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model) {
        pages.read(slug, cp, model);
        pages.requireEditor();
        String plugin = params.get("plugin");
        return newPage(cp, plugin, scopeOf(cp, params), FormState.empty(), model);
    }

    @PostMapping
    String create(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        String plugin = params.getOrDefault("plugin", "");
        PluginSchema<?> schema = PluginSchemas.find(plugin)
                .orElseThrow(() -> InvalidInputException.field("plugin", "is not a plugin this gateway has"));
        Map<Reference, GatewayEntity> scope = scopeOf(cp, params);
        PluginForm pluginForm = PluginForm.of(schema, pages.json());
        FormState form = FormState.of(pick(params, pluginForm));
        ObjectNode body = pages.newDocument();
        body.put("name", plugin);
        body.set("config", pluginForm.config(params, form, schema, pages.json()));
        if ("false".equals(params.get("enabled"))) {
            body.put("enabled", false);
        }
        scope.forEach((reference, entity) -> body.putObject(reference.field()).put("id", entity.id().toString()));
        return pages.submit(response, form, pluginForm.params(), null,
                () -> entities.create(cp, EntityType.PLUGIN, null, body).entity(),
                created -> scopePath(slug, cp, created),
                () -> newPage(cp, plugin, scope, form, model));
    }

    @GetMapping("/{id}")
    String plugin(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID id, Model model) {
        pages.read(slug, cp, model);
        GatewayEntity plugin = entities.get(cp, EntityType.PLUGIN, null, id.toString());
        PluginForm pluginForm = pluginForm(plugin);
        FormState form = pluginForm.shown(plugin.document().get("config"), pages.json());
        form.getValues().put("enabled", Boolean.toString(plugin.document().path("enabled").asBoolean(true)));
        form.getValues().put("version", Long.toString(plugin.version()));
        return pluginPage(slug, cp, plugin, pluginForm, form, model);
    }

    /** Replaces the config with the form's (empty fields: the gateway's defaults) and sets the enabled flag. */
    @PostMapping("/{id}")
    String update(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID id,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        GatewayEntity plugin = entities.get(cp, EntityType.PLUGIN, null, id.toString());
        PluginForm pluginForm = pluginForm(plugin);
        PluginSchema<?> schema = PluginSchemas.find(pluginForm.plugin()).orElseThrow();
        FormState form = FormState.of(pick(params, pluginForm));
        form.getValues().put("enabled", params.getOrDefault("enabled", "true"));
        form.getValues().put("version", params.getOrDefault("version", ""));
        ObjectNode body = entities.withReferences(plugin);
        body.set("config", pluginForm.config(params, form, schema, pages.json()));
        body.put("enabled", !"false".equals(params.get("enabled")));
        Long version = GatewayPages.version(params);
        return pages.submit(response, form, pluginForm.params(), null,
                () -> entities.upsert(cp, EntityType.PLUGIN, null, plugin.id().toString(), body, version).entity(),
                saved -> scopePath(slug, cp, saved),
                () -> pluginPage(slug, cp, plugin, pluginForm, form, model));
    }

    /** Enables or disables a plugin without touching its config. */
    @PostMapping("/{id}/enabled")
    String enable(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID id,
            @RequestParam boolean enabled, @RequestParam(required = false) String back) {
        pages.requireEditor();
        GatewayEntity plugin = entities.get(cp, EntityType.PLUGIN, null, id.toString());
        ObjectNode patch = pages.newDocument().put("enabled", enabled);
        entities.patch(cp, EntityType.PLUGIN, null, plugin.id().toString(), patch, null);
        return "redirect:" + GatewayPages.back(slug, cp, back, scopePath(slug, cp, plugin));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp, @PathVariable UUID id,
            @RequestParam(required = false) String back) {
        pages.requireEditor();
        GatewayEntity plugin = entities.get(cp, EntityType.PLUGIN, null, id.toString());
        entities.delete(cp, EntityType.PLUGIN, null, plugin.id().toString(), false, null);
        return "redirect:" + GatewayPages.back(slug, cp, back, scopePath(slug, cp, plugin));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String newPage(String cp, String plugin, Map<Reference, GatewayEntity> scope, FormState form,
            Model model) {
        List<String> query = new ArrayList<>();
        Map<String, String> hidden = new LinkedHashMap<>();
        scope.forEach((reference, entity) -> {
            query.add(reference.field() + "=" + entity.id());
            hidden.put(reference.field(), entity.id().toString());
        });
        model.addAttribute("scopeText", scope.isEmpty() ? "global (every request)" : describe(scope));
        model.addAttribute("scopeHidden", hidden);
        model.addAttribute("scopeQuery", String.join("&", query));
        model.addAttribute("pluginNames", PluginSchemas.all().stream().map(PluginSchema::name).sorted().toList());
        model.addAttribute("pluginForm", PluginSchemas.find(plugin).map(schema -> PluginForm.of(schema, pages.json()))
                .orElse(null));
        model.addAttribute("pluginState", form);
        return "gateways/plugin-new";
    }

    private String pluginPage(String slug, String cp, GatewayEntity plugin, PluginForm pluginForm, FormState form,
            Model model) {
        model.addAttribute("plugin", plugin);
        model.addAttribute("pluginForm", pluginForm);
        model.addAttribute("pluginState", form);
        model.addAttribute("scopeText", scopeText(cp, plugin));
        model.addAttribute("scopePath", scopePath(slug, cp, plugin));
        return "gateways/plugin";
    }

    private PluginForm pluginForm(GatewayEntity plugin) {
        String name = plugin.document().path("name").asString();
        return PluginSchemas.find(name).map(schema -> PluginForm.of(schema, pages.json()))
                .orElseThrow(() -> new IllegalStateException("stored plugin without a schema: " + name));
    }

    /** The scope entities named in the query or form ({@code service=<id>} …), each looked up in this plane. */
    private Map<Reference, GatewayEntity> scopeOf(String cp, Map<String, String> params) {
        Map<Reference, GatewayEntity> scope = new LinkedHashMap<>();
        for (Reference reference : SCOPES) {
            String value = GatewayPages.blankToNull(params.get(reference.field()));
            if (value != null) {
                scope.put(reference, entities.get(cp, reference.target(), null, value));
            }
        }
        return scope;
    }

    private String scopeText(String cp, GatewayEntity plugin) {
        Map<Reference, GatewayEntity> scope = new LinkedHashMap<>();
        for (Reference reference : SCOPES) {
            UUID target = plugin.reference(reference);
            if (target != null) {
                scope.put(reference, entities.get(cp, reference.target(), null, target.toString()));
            }
        }
        return scope.isEmpty() ? "global" : describe(scope);
    }

    private static String describe(Map<Reference, GatewayEntity> scope) {
        List<String> parts = new ArrayList<>();
        scope.forEach((reference, entity) -> parts.add(reference.field().replace('_', ' ') + " "
                + (entity.name() != null ? entity.name() : entity.id())));
        return String.join(", ", parts);
    }

    /** Where a plugin is shown: the page of the one entity it is scoped to, else the plugins list. */
    static String scopePath(String slug, String cp, GatewayEntity plugin) {
        Map<Reference, UUID> scope = plugin.references();
        if (scope.size() == 1) {
            Map.Entry<Reference, UUID> only = scope.entrySet().iterator().next();
            String collection = switch (only.getKey()) {
                case SERVICE -> "services";
                case ROUTE -> "routes";
                case CONSUMER -> "consumers";
                case CONSUMER_GROUP -> "consumer-groups";
                default -> null;
            };
            if (collection != null) {
                return GatewayPages.planePath(slug, cp) + "/" + collection + "/" + only.getValue();
            }
        }
        return GatewayPages.planePath(slug, cp) + "/plugins";
    }

    private static Map<String, String> pick(Map<String, String> params, PluginForm form) {
        Map<String, String> picked = new LinkedHashMap<>();
        form.params().forEach(param -> picked.put(param, params.getOrDefault(param, "")));
        return picked;
    }
}
