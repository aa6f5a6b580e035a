package io.gatehouse.console.gateways;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.platform.gateways.declarative.ConfigDiff;
import io.gatehouse.platform.gateways.openapi.OpenApiImport;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAPI 3 import: a document (uploaded or pasted) becomes a service (from {@code servers}) and routes (from
 * paths and methods; path templates become regex routes), tagged with the document. As with a declarative
 * import, the document is first run as a dry run and its diff shown; only "Apply" writes it.
 */
@Controller
@RequestMapping("/orgs/{slug}/control-planes/{cp}/openapi")
class OpenApiController {

    private final GatewayPages pages;
    private final OpenApiImport openApi;

    OpenApiController(GatewayPages pages, OpenApiImport openApi) {
        this.pages = pages;
        this.openApi = openApi;
    }

    @GetMapping
    String page(@PathVariable String slug, @PathVariable String cp, Model model) {
        pages.read(slug, cp, model);
        return page("", null, null, List.of(), model);
    }

    /** Step one: the dry run. Nothing is written; the diff or the problems of the document are shown. */
    @PostMapping("/preview")
    String preview(@PathVariable String slug, @PathVariable String cp,
            @RequestParam(defaultValue = "") String content, @RequestParam(required = false) MultipartFile file,
            Model model, HttpServletResponse response) throws IOException {
        pages.requireEditor();
        pages.read(slug, cp, model);
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : content;
        return run(cp, text, true, model, response);
    }

    /** Step two: the same document, applied. */
    @PostMapping("/apply")
    String apply(@PathVariable String slug, @PathVariable String cp, @RequestParam(defaultValue = "") String content,
            Model model, HttpServletResponse response) {
        pages.requireEditor();
        pages.read(slug, cp, model);
        return run(cp, content, false, model, response);
    }

    private String run(String cp, String text, boolean dryRun, Model model, HttpServletResponse response) {
        try {
            ConfigDiff diff = openApi.importDocument(cp, parse(text), dryRun);
            return page(text, dryRun ? diff : null, dryRun ? null : diff, List.of(), model);
        } catch (InvalidInputException e) {
            GatewayPages.rejected(response);
            List<FieldViolation> problems = e.violations().isEmpty()
                    ? List.of(new FieldViolation("", e.getMessage())) : e.violations();
            return page(text, null, null, problems, model);
        }
    }

    private static JsonNode parse(String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw InvalidInputException.field("content", "choose a file or paste an OpenAPI document");
        }
        JsonNode document;
        try {
            document = body.startsWith("{") ? ConfigJson.json().readTree(body) : ConfigJson.yaml().readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInputException("The document is not valid YAML or JSON",
                    List.of(new FieldViolation("", e.getOriginalMessage())));
        }
        if (document == null || !document.isObject()) {
            throw InvalidInputException.field("", "must be an OpenAPI 3 document");
        }
        return document;
    }

    private static String page(String content, ConfigDiff preview, ConfigDiff applied, List<FieldViolation> problems,
            Model model) {
        // Not "content": the layout's fragment parameter of that name would shadow it.
        model.addAttribute("fileText", content);
        model.addAttribute("preview", preview);
        model.addAttribute("applied", applied);
        model.addAttribute("problems", problems);
        return "gateways/openapi";
    }
}
