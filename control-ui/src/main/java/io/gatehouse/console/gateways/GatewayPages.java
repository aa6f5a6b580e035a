package io.gatehouse.console.gateways;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.util.UriUtils;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityPage;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every gateway page does the same way: the caller's role (VIEWER to read, EDITOR to write), the control
 * plane of the URL (another organization's is a 404 through {@link ControlPlanes}), the model attributes the
 * shared fragments read, links to entities, and a write whose rejection lands on the form.
 */
@Component
class GatewayPages {

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final JsonMapper json;

    GatewayPages(CurrentCaller callers, ControlPlanes controlPlanes, GatewayEntities entities, JsonMapper json) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.json = json;
    }

    /** A read: needs VIEWER; puts {@code slug}, {@code plane} and {@code canWrite} in the model. */
    ControlPlane read(String slug, String cp, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(cp);
        model.addAttribute("slug", slug);
        model.addAttribute("plane", plane);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return plane;
    }

    /** A read needs VIEWER, checked before anything is looked up ({@link #read} checks it too). */
    void requireViewer() {
        callers.requireOrgRole(OrgRole.VIEWER);
    }

    /** A write needs EDITOR, checked before anything is looked up. */
    void requireEditor() {
        callers.requireOrgRole(OrgRole.EDITOR);
    }

    JsonMapper json() {
        return json;
    }

    ObjectNode newDocument() {
        return json.createObjectNode();
    }

    /**
     * Runs a write. A rejection by the gateway's validator puts each message next to its field (or on top of
     * the form); a conflict (a name taken, a plugin already in that scope) goes on {@code conflictField} or on
     * top. Returns {@code null} when the write was rejected.
     */
    <T> T attempt(FormState form, Set<String> fields, String conflictField, Supplier<T> write) {
        if (form.hasErrors()) {
            return null;
        }
        try {
            return write.get();
        } catch (InvalidInputException e) {
            form.reject(e, fields);
        } catch (ConflictException e) {
            if (conflictField != null) {
                form.reject(conflictField, e.getMessage(), fields);
            } else {
                form.fail(e.getMessage());
            }
        }
        return null;
    }

    /**
     * A form's write and its answer: the redirect to {@code next} of the saved entity when {@link #attempt} went
     * through, otherwise a 400 with the page that {@code again} renders around the form's errors.
     */
    String submit(HttpServletResponse response, FormState form, Set<String> fields, String conflictField,
            Supplier<GatewayEntity> write, Function<GatewayEntity, String> next, Supplier<String> again) {
        GatewayEntity saved = attempt(form, fields, conflictField, write);
        if (saved != null) {
            return "redirect:" + next.apply(saved);
        }
        rejected(response);
        return again.get();
    }

    /**
     * A new entity from {@code form}: what the user typed, applied to an empty document, written by {@code write};
     * then the answer of {@link #submit}, with {@code again} rendering the page around the typed form.
     */
    String create(HttpServletResponse response, DocumentForm form, Map<String, String> params, String conflictField,
            Function<ObjectNode, GatewayEntity> write, Function<GatewayEntity, String> next,
            Function<FormState, String> again) {
        FormState typed = form.typed(params);
        ObjectNode body = form.apply(params, newDocument(), typed, json);
        return submit(response, typed, form.paths(), conflictField, () -> write.apply(body), next,
                () -> again.apply(typed));
    }

    /**
     * A change to {@code current} from {@code form}: what the user typed, applied to the stored document, written by
     * {@code write} with the version the form was loaded at (so a concurrent change is a conflict, not a loss).
     */
    String update(HttpServletResponse response, DocumentForm form, Map<String, String> params, GatewayEntity current,
            String conflictField, BiFunction<ObjectNode, Long, GatewayEntity> write,
            Function<GatewayEntity, String> next, Function<FormState, String> again) {
        FormState typed = form.typed(params);
        typed.getValues().put("version", params.getOrDefault("version", ""));
        ObjectNode body = form.apply(params, entities.withReferences(current), typed, json);
        Long version = version(params);
        return submit(response, typed, form.paths(), conflictField, () -> write.apply(body, version), next,
                () -> again.apply(typed));
    }

    /** The stored entity as {@code form} shows it, with the version an edit is checked against. */
    FormState shown(DocumentForm form, GatewayEntity entity) {
        FormState shown = form.shown(entity.document(), json);
        shown.getValues().put("version", Long.toString(entity.version()));
        return shown;
    }

    /**
     * One page of the plane's entities of {@code type} for a list page, in the model as {@code page}, with
     * {@code paged} (whether this is a later page) and the create {@code form}.
     */
    EntityPage listPage(ControlPlane plane, EntityType type, String after, FormState form, Model model) {
        EntityPage page = entities.list(plane.id().toString(), type, null, EntityFilter.none(),
                ServicesController.PAGE_SIZE, blankToNull(after));
        model.addAttribute("page", page);
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("form", form);
        return page;
    }

    /** A rejected form is answered with 400 (the page, or the fragment for htmx). */
    static void rejected(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }

    /** An entity that must belong to {@code owner} through {@code reference}; anything else is a 404. */
    GatewayEntity owned(String cp, EntityType type, String id, EntityType.Reference reference, GatewayEntity owner) {
        GatewayEntity entity = entities.get(cp, type, null, id);
        if (!owner.id().equals(entity.reference(reference))) {
            throw new NotFoundException(type.wireName(), id);
        }
        return entity;
    }

    /** The entities with a reference to {@code target} (the plugins of a route, …), at most one big page. */
    List<GatewayEntity> referencing(String cp, EntityType type, EntityType.Reference reference, GatewayEntity target) {
        return entities.list(cp, type, null, EntityFilter.none().withReference(reference, target.id()),
                GatewayEntities.MAX_PAGE_SIZE, null).data();
    }

    static String planePath(String slug, String cp) {
        return "/orgs/" + slug + "/control-planes/" + UriUtils.encodePathSegment(cp, StandardCharsets.UTF_8);
    }

    /** The console page of an entity: {@code …/routes/<name or id>}. */
    static String entityPath(String slug, String cp, String collection, GatewayEntity entity) {
        return planePath(slug, cp) + "/" + collection + "/"
                + UriUtils.encodePathSegment(entity.name() != null ? entity.name() : entity.id().toString(),
                        StandardCharsets.UTF_8);
    }

    /** A {@code back} parameter is followed only inside this control plane's pages (no open redirect). */
    static String back(String slug, String cp, String back, String fallback) {
        String prefix = planePath(slug, cp) + "/";
        return back != null && back.startsWith(prefix) && back.indexOf("//", prefix.length()) < 0 ? back : fallback;
    }

    static Long version(Map<String, String> params) {
        String version = params.get("version");
        try {
            return version == null || version.isBlank() ? null : Long.valueOf(version.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("version", "must be a number");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
