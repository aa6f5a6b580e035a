package io.gatehouse.console.gateways;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.declarative.ConfigDiff;
import io.gatehouse.platform.gateways.declarative.DeclarativeConfigs;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Export and import of a control plane's declarative configuration. An import is two steps: the file
 * (uploaded or pasted) is first run as a dry run and its diff (created / updated / deleted) shown with the
 * file carried in the page; only "Apply" writes it, in one transaction, as the API's import does.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/config")
class ConfigController {

    private final CurrentCaller callers;
    private final ControlPlanes controlPlanes;
    private final DeclarativeConfigs configs;

    ConfigController(CurrentCaller callers, ControlPlanes controlPlanes, DeclarativeConfigs configs) {
        this.callers = callers;
        this.controlPlanes = controlPlanes;
        this.configs = configs;
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable String cp, Model model) {
        callers.requireOrgRole(OrgRole.VIEWER);
        return page(slug, cp, "", null, null, List.of(), model);
    }

    @GetMapping("/export.yaml")
    ResponseEntity<String> export(@PathVariable String cp) {
        callers.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(cp);
        String yaml = ConfigJson.yaml().writeValueAsString(configs.export(plane.id().toString()));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("gatehouse-" + plane.id() + ".yaml").build().toString())
                .body(yaml);
    }

    /** Step one: the dry run. Nothing is written; the diff and any problems in the file are shown. */
    @PostMapping("/preview")
    String preview(@PathVariable String slug, @PathVariable String cp,
            @RequestParam(defaultValue = "") String content, @RequestParam(required = false) MultipartFile file,
            Model model, HttpServletResponse response) throws IOException {
        callers.requireOrgRole(OrgRole.EDITOR);
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : content;
        return run(slug, cp, text, true, model, response);
    }

    /** Step two: the same file, applied. */
    @PostMapping("/apply")
    String apply(@PathVariable String slug, @PathVariable String cp, @RequestParam(defaultValue = "") String content,
            Model model, HttpServletResponse response) {
        callers.requireOrgRole(OrgRole.EDITOR);
        return run(slug, cp, content, false, model, response);
    }

    private String run(String slug, String cp, String text, boolean dryRun, Model model,
            HttpServletResponse response) {
        try {
            if (text == null || text.isBlank()) {
                throw InvalidInputException.field("content", "choose a file or paste a configuration");
            }
            ConfigDiff diff = configs.importConfig(cp, text, dryRun);
            return page(slug, cp, text, dryRun ? diff : null, dryRun ? null : diff, List.of(), model);
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            List<FieldViolation> problems = e.violations().isEmpty()
                    ? List.of(new FieldViolation("", e.getMessage())) : e.violations();
            return page(slug, cp, text, null, null, problems, model);
        }
    }

    private String page(String slug, String cp, String content, ConfigDiff preview, ConfigDiff applied,
            List<FieldViolation> problems, Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("plane", controlPlanes.get(cp));
        // Not "content": the layout's fragment parameter of that name would shadow it.
        model.addAttribute("fileText", content);
        model.addAttribute("preview", preview);
        model.addAttribute("applied", applied);
        model.addAttribute("problems", problems);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "gateways/config";
    }
}
