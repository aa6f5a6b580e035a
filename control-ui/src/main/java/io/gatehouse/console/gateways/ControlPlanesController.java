package io.gatehouse.console.gateways;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;

/** The control planes of an organization: list, create (name, description, labels) and delete. */
@Controller
@RequestMapping("/orgs/{slug}/control-planes")
class ControlPlanesController {

    private static final Set<String> FIELDS = Set.of("name", "description", "labels");

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;

    ControlPlanesController(CurrentCaller callers, ControlPlanes controlPlanes) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        return page(slug, FormState.empty(), model);
    }

    @PostMapping
    String create(@PathVariable String slug, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String labels,
            Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        FormState form = FormState.of(Map.of("name", name, "description", description, "labels", labels));
        Map<String, String> parsed = parseLabels(labels, form);
        if (!form.hasErrors()) {
            try {
                ControlPlane created = controlPlanes.create(new ControlPlaneDraft(name,
                        description.isBlank() ? null : description, parsed));
                return "redirect:" + GatewayPages.planePath(slug, created.id().toString()) + "/services";
            } catch (InvalidInputException e) {
                form.reject(e, FIELDS);
            } catch (ConflictException e) {
                form.reject("name", e.getMessage(), FIELDS);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, form, model);
    }

    @PostMapping("/{cp}/delete")
    String delete(@PathVariable String slug, @PathVariable String cp) {
        callers.requireOrgRole(OrgRole.EDITOR);
        controlPlanes.delete(cp, null);
        return "redirect:/orgs/" + slug + "/control-planes";
    }

    /** {@code env=prod, team=payments}: a label without '=' is a field message, not a guess. */
    static Map<String, String> parseLabels(String text, FormState form) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : Lists.split(text)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                form.reject("labels", "write labels as key=value, separated by commas", FIELDS);
                return labels;
            }
            labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return labels;
    }

    private String page(String slug, FormState form, Model model) {
        List<ControlPlane> planes = controlPlanes.list();
        model.addAttribute("slug", slug);
        model.addAttribute("planes", planes);
        model.addAttribute("form", form);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "gateways/control-planes";
    }
}
