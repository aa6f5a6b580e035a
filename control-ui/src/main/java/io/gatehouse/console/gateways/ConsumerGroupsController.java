package io.gatehouse.console.gateways;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.shared.errors.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consumer groups, their members and their plugins. Membership is Kong's: a consumer lists its groups
 * ({@code groups} on the consumer), so adding or removing a member edits that consumer.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/consumer-groups")
class ConsumerGroupsController {

    static final DocumentForm GROUP_FORM = DocumentForm.of(
            DocumentForm.field("name", "Name", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    private final GatewayPages pages;
    private final GatewayEntities entities;

    ConsumerGroupsController(GatewayPages pages, GatewayEntities entities) {
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
        return pages.create(response, GROUP_FORM, params, "name",
                body -> entities.create(cp, EntityType.CONSUMER_GROUP, null, body).entity(),
                created -> GatewayPages.entityPath(slug, cp, "consumer-groups", created),
                form -> listPage(slug, cp, null, form, model));
    }

    @GetMapping("/{group}")
    String group(@PathVariable String slug, @PathVariable String cp, @PathVariable String group, Model model) {
        pages.read(slug, cp, model);
        return groupPage(cp, entities.get(cp, EntityType.CONSUMER_GROUP, null, group), FormState.empty(), model);
    }

    /** Adds a consumer (by username or id) to the group. */
    @PostMapping("/{group}/members")
    String addMember(@PathVariable String slug, @PathVariable String cp, @PathVariable String group,
            @RequestParam(defaultValue = "") String consumer, Model model, HttpServletResponse response) {
        pages.requireEditor();
        ControlPlane plane = pages.read(slug, cp, model);
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER_GROUP, null, group);
        FormState form = FormState.of(Map.of("consumer", consumer));
        if (consumer.isBlank()) {
            form.reject("consumer", "is required", java.util.Set.of("consumer"));
        } else {
            GatewayEntity member = entities.find(plane, EntityType.CONSUMER, consumer.strip())
                    .orElse(null);
            if (member == null) {
                form.reject("consumer", "no consumer '" + consumer.strip() + "' in this control plane",
                        java.util.Set.of("consumer"));
            } else if (!isMember(member, owner)) {
                ObjectNode body = entities.withReferences(member);
                ArrayNode groups = body.has("groups") && body.get("groups").isArray() ? (ArrayNode) body.get("groups")
                        : body.putArray("groups");
                groups.add(owner.name());
                pages.attempt(form, java.util.Set.of("consumer"), "consumer", () -> entities.upsert(cp,
                        EntityType.CONSUMER, null, member.id().toString(), body, null));
            }
        }
        if (!form.hasErrors()) {
            return "redirect:" + GatewayPages.entityPath(slug, cp, "consumer-groups", owner);
        }
        GatewayPages.rejected(response);
        return groupPage(cp, owner, form, model);
    }

    @PostMapping("/{group}/members/{consumer}/delete")
    String removeMember(@PathVariable String slug, @PathVariable String cp, @PathVariable String group,
            @PathVariable String consumer) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER_GROUP, null, group);
        GatewayEntity member = entities.get(cp, EntityType.CONSUMER, null, consumer);
        if (!isMember(member, owner)) {
            throw new NotFoundException("consumer", consumer);
        }
        ObjectNode body = entities.withReferences(member);
        ArrayNode kept = pages.json().createArrayNode();
        for (JsonNode reference : member.document().path("groups")) {
            if (!refersTo(reference, owner)) {
                kept.add(reference);
            }
        }
        if (kept.isEmpty()) {
            body.remove("groups");
        } else {
            body.set("groups", kept);
        }
        entities.upsert(cp, EntityType.CONSUMER, null, member.id().toString(), body, null);
        return "redirect:" + GatewayPages.entityPath(slug, cp, "consumer-groups", owner);
    }

    @PostMapping("/{group}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp, @PathVariable String group) {
        pages.requireEditor();
        entities.delete(cp, EntityType.CONSUMER_GROUP, null, group, false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/consumer-groups";
    }

    private String listPage(String slug, String cp, String after, FormState form, Model model) {
        pages.listPage(pages.read(slug, cp, model), EntityType.CONSUMER_GROUP, after, form, model);
        model.addAttribute("groupFields", GROUP_FORM.fields());
        return "gateways/consumer-groups";
    }

    /**
     * The members are the consumers naming the group; they are found among the first
     * {@link GatewayEntities#MAX_PAGE_SIZE} consumers, which the page says when there are more.
     */
    private String groupPage(String cp, GatewayEntity group, FormState memberForm, Model model) {
        EntityPage consumers = entities.list(cp, EntityType.CONSUMER, null, EntityFilter.none(),
                GatewayEntities.MAX_PAGE_SIZE, null);
        List<GatewayEntity> members = new ArrayList<>();
        for (GatewayEntity consumer : consumers.data()) {
            if (isMember(consumer, group)) {
                members.add(consumer);
            }
        }
        model.addAttribute("group", group);
        model.addAttribute("members", members);
        model.addAttribute("moreConsumers", consumers.offset() != null);
        model.addAttribute("form", memberForm);
        model.addAttribute("scopedPlugins", pages.referencing(cp, EntityType.PLUGIN,
                EntityType.Reference.CONSUMER_GROUP, group));
        model.addAttribute("pluginScope", "consumer_group=" + group.id());
        return "gateways/consumer-group";
    }

    private static boolean isMember(GatewayEntity consumer, GatewayEntity group) {
        for (JsonNode reference : consumer.document().path("groups")) {
            if (refersTo(reference, group)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refersTo(JsonNode reference, GatewayEntity group) {
        String key = reference.isString() ? reference.asString()
                : reference.path("id").isString() ? reference.get("id").asString()
                : reference.path("name").asString(null);
        return key != null && (key.equals(group.name()) || key.equals(group.id().toString()));
    }
}
