package io.gatehouse.console.gateways;

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

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.gateways.entities.Parent;
import io.gatehouse.platform.gateways.entities.Written;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consumers of a control plane and their key-auth keys. A key is stored hashed: the console shows it on
 * the response to the create request only (with {@code Cache-Control: no-store}), never again.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/consumers")
class ConsumersController {

    static final Set<String> CONSUMER_FIELDS = Set.of("username", "custom_id", "tags");
    static final Set<String> KEY_FIELDS = Set.of("key");

    /** A consumer's own fields on its page, with its consumer groups. */
    static final DocumentForm CONSUMER_FORM = DocumentForm.of(
            DocumentForm.field("username", "Username", DocumentForm.Kind.TEXT, null),
            DocumentForm.field("custom_id", "Custom id", DocumentForm.Kind.TEXT,
                    "Your own id for this consumer, e.g. a customer number."),
            DocumentForm.field("groups", "Consumer groups", DocumentForm.Kind.LIST,
                    "Comma-separated names of consumer groups this consumer belongs to."),
            DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated."));

    /** Credentials beyond key-auth, by their Admin API path ({@code basic-auth}, {@code jwt}, {@code acls}). */
    static final Map<String, DocumentForm> CREDENTIAL_FORMS = Map.of(
            "basic-auth", DocumentForm.of(
                    DocumentForm.field("username", "Username", DocumentForm.Kind.TEXT, null),
                    DocumentForm.secret("password", "Password", DocumentForm.Kind.TEXT,
                            "Stored hashed (PBKDF2); never shown again.")),
            "jwt", DocumentForm.of(
                    DocumentForm.field("key", "Key", DocumentForm.Kind.TEXT,
                            "Matched against the token's iss claim (or the plugin's key_claim_name)."),
                    DocumentForm.choice("algorithm", "Algorithm", "Default HS256.", "HS256", "RS256", "ES256"),
                    DocumentForm.secret("secret", "Secret", DocumentForm.Kind.TEXT,
                            "For HS256. Gateways need it in clear; it is never shown again."),
                    DocumentForm.field("rsa_public_key", "Public key (PEM)", DocumentForm.Kind.BLOCK,
                            "For RS256 (RSA) or ES256 (EC P-256).")),
            "acls", DocumentForm.of(
                    DocumentForm.field("group", "Group", DocumentForm.Kind.TEXT,
                            "An ACL group name the acl plugin allows or denies."),
                    DocumentForm.field("tags", "Tags", DocumentForm.Kind.LIST, "Comma-separated.")));

    private static final Map<String, EntityType> CREDENTIAL_TYPES = Map.of("basic-auth", EntityType.BASIC_AUTH,
            "jwt", EntityType.JWT, "acls", EntityType.ACL, "key-auth", EntityType.KEY_AUTH);

    private final GatewayEntities entities;
    private final GatewayPages pages;

    ConsumersController(GatewayEntities entities, GatewayPages pages) {
        this.pages = pages;
        this.entities = entities;
    }

    @GetMapping
    String list(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String username,
            @RequestParam(required = false) String after, Model model) {
        listPage(slug, cp, username, after, FormState.empty(), model);
        return "gateways/consumers";
    }

    @HxRequest
    @GetMapping
    String results(@PathVariable String slug, @PathVariable String cp, @RequestParam(required = false) String username,
            @RequestParam(required = false) String after, Model model) {
        list(slug, cp, username, after, model);
        return "gateways/consumers :: results";
    }

    @PostMapping
    String create(@PathVariable String slug, @PathVariable String cp, @RequestParam Map<String, String> params,
            Model model, HttpServletResponse response) {
        pages.requireEditor();
        Map<String, String> values = new LinkedHashMap<>();
        CONSUMER_FIELDS.forEach(field -> values.put(field, params.getOrDefault(field, "")));
        FormState form = FormState.of(values);
        ObjectNode body = pages.newDocument();
        for (String field : new String[] {"username", "custom_id"}) {
            String value = params.getOrDefault(field, "").strip();
            if (!value.isEmpty()) {
                body.put(field, value);
            }
        }
        Lists.split(params.get("tags")).forEach(tag -> body.withArray("tags").add(tag));
        try {
            GatewayEntity created = entities.create(cp, EntityType.CONSUMER, null, body).entity();
            return "redirect:" + consumerPath(slug, cp, created);
        } catch (InvalidInputException e) {
            form.reject(e, CONSUMER_FIELDS);
        } catch (ConflictException e) {
            form.reject("username", e.getMessage(), CONSUMER_FIELDS);
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        listPage(slug, cp, null, null, form, model);
        return "gateways/consumers";
    }

    @GetMapping("/{consumer}")
    String consumer(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer, Model model) {
        pages.requireViewer();
        return consumerPage(slug, cp, entities.get(cp, EntityType.CONSUMER, null, consumer), FormState.empty(),
                model);
    }

    /** Edits the consumer's username, custom id, groups and tags. */
    @PostMapping("/{consumer}")
    String update(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer,
            @RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity current = entities.get(cp, EntityType.CONSUMER, null, consumer);
        return pages.update(response, CONSUMER_FORM, params, current, "username",
                (body, version) -> entities.upsert(cp, EntityType.CONSUMER, null, current.id().toString(), body,
                        version).entity(),
                saved -> consumerPath(slug, cp, saved),
                form -> {
                    model.addAttribute("consumerForm", form);
                    return consumerPage(slug, cp, current, FormState.empty(), model);
                });
    }

    /** Adds a basic-auth credential, a JWT credential or an ACL group to the consumer. */
    @PostMapping("/{consumer}/{kind:basic-auth|jwt|acls}")
    String addCredential(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer,
            @PathVariable String kind, @RequestParam Map<String, String> params, Model model,
            HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER, null, consumer);
        DocumentForm credentialForm = CREDENTIAL_FORMS.get(kind);
        return pages.create(response, credentialForm, params, credentialForm.fields().get(0).path(),
                body -> entities.create(cp, CREDENTIAL_TYPES.get(kind), new Parent(EntityType.Reference.CONSUMER,
                        owner.id().toString()), body).entity(),
                created -> consumerPath(slug, cp, owner),
                form -> {
                    model.addAttribute(formName(kind), form);
                    return consumerPage(slug, cp, owner, FormState.empty(), model);
                });
    }

    @PostMapping("/{consumer}/{kind:basic-auth|jwt|acls}/{id}/delete")
    String deleteCredential(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer,
            @PathVariable String kind, @PathVariable UUID id) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER, null, consumer);
        entities.delete(cp, CREDENTIAL_TYPES.get(kind), new Parent(EntityType.Reference.CONSUMER,
                owner.id().toString()), id.toString(), false, null);
        return "redirect:" + consumerPath(slug, cp, owner);
    }

    private static String formName(String kind) {
        return switch (kind) {
            case "basic-auth" -> "basicForm";
            case "jwt" -> "jwtForm";
            default -> "aclForm";
        };
    }

    @PostMapping("/{consumer}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer) {
        pages.requireEditor();
        entities.delete(cp, EntityType.CONSUMER, null, consumer, false, null);
        return "redirect:" + GatewayPages.planePath(slug, cp) + "/consumers";
    }

    /** Creates a key-auth key: the one typed in, or one the control plane generates; either is shown once. */
    @PostMapping("/{consumer}/key-auth")
    String createKey(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer,
            @RequestParam(defaultValue = "") String key, Model model, HttpServletResponse response) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER, null, consumer);
        FormState form = FormState.empty();
        ObjectNode body = pages.newDocument();
        if (!key.isBlank()) {
            body.put("key", key.strip());
        }
        try {
            Written written = entities.create(cp, EntityType.KEY_AUTH,
                    new Parent(EntityType.Reference.CONSUMER, owner.id().toString()), body);
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("issuedKey", written.generatedKey() != null ? written.generatedKey() : key.strip());
            return consumerPage(slug, cp, owner, form, model);
        } catch (InvalidInputException e) {
            form.reject(e, KEY_FIELDS);
        } catch (ConflictException e) {
            form.reject("key", e.getMessage(), KEY_FIELDS);
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return consumerPage(slug, cp, owner, form, model);
    }

    @PostMapping("/{consumer}/key-auth/{id}/delete")
    String deleteKey(@PathVariable String slug, @PathVariable String cp, @PathVariable String consumer,
            @PathVariable UUID id) {
        pages.requireEditor();
        GatewayEntity owner = entities.get(cp, EntityType.CONSUMER, null, consumer);
        entities.delete(cp, EntityType.KEY_AUTH, new Parent(EntityType.Reference.CONSUMER, owner.id().toString()),
                id.toString(), false, null);
        return "redirect:" + consumerPath(slug, cp, owner);
    }

    private void listPage(String slug, String cp, String username, String after, FormState form, Model model) {
        ControlPlane plane = pages.read(slug, cp, model);
        EntityFilter filter = username == null || username.isBlank() ? EntityFilter.none()
                : EntityFilter.none().withName(username.strip());
        EntityPage page = entities.list(plane.id().toString(), EntityType.CONSUMER, null, filter,
                ServicesController.PAGE_SIZE, after == null || after.isBlank() ? null : after);
        model.addAttribute("page", page);
        model.addAttribute("username", username == null ? "" : username);
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("form", form);
    }

    private String consumerPage(String slug, String cp, GatewayEntity consumer, FormState keyForm, Model model) {
        ControlPlane plane = pages.read(slug, cp, model);
        Parent owner = new Parent(EntityType.Reference.CONSUMER, consumer.id().toString());
        EntityPage keys = entities.list(plane.id().toString(), EntityType.KEY_AUTH, owner, EntityFilter.none(),
                GatewayEntities.MAX_PAGE_SIZE, null);
        model.addAttribute("consumer", consumer);
        model.addAttribute("keys", keys.data());
        model.addAttribute("moreKeys", keys.offset() != null);
        model.addAttribute("form", keyForm);
        for (String kind : List.of("basic-auth", "jwt", "acls")) {
            model.addAttribute(kind.replace("-", "") + "Credentials", entities.list(plane.id().toString(),
                    CREDENTIAL_TYPES.get(kind), owner, EntityFilter.none(), GatewayEntities.MAX_PAGE_SIZE, null).data());
            model.addAttribute(kind.replace("-", "") + "Fields", CREDENTIAL_FORMS.get(kind).fields());
            if (!model.containsAttribute(formName(kind))) {
                model.addAttribute(formName(kind), FormState.empty());
            }
        }
        if (!model.containsAttribute("consumerForm")) {
            model.addAttribute("consumerForm", pages.shown(CONSUMER_FORM, consumer));
        }
        model.addAttribute("consumerFields", CONSUMER_FORM.fields());
        model.addAttribute("scopedPlugins", pages.referencing(cp, EntityType.PLUGIN, EntityType.Reference.CONSUMER,
                consumer));
        model.addAttribute("pluginScope", "consumer=" + consumer.id());
        return "gateways/consumer";
    }

    private static String consumerPath(String slug, String cp, GatewayEntity consumer) {
        return GatewayPages.entityPath(slug, cp, "consumers", consumer);
    }
}
