package io.gatehouse.console.portal;

import java.util.List;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.portal.products.ApiCatalog;
import io.gatehouse.platform.portal.products.CatalogEntry;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.settings.Portal;
import io.gatehouse.platform.shared.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The catalogue developers browse: published (and deprecated, with their sunset date) product versions, their
 * access plans, docs pages and OpenAPI document in Swagger UI (a maintained viewer from its webjar).
 */
@Controller
@RequestMapping("/portal/{slug}")
class PortalCatalogController {

    private final PortalPages pages;
    private final ApiCatalog catalog;

    PortalCatalogController(PortalPages pages, ApiCatalog catalog) {
        this.pages = pages;
        this.catalog = catalog;
    }

    @GetMapping
    String catalogue(@PathVariable String slug, @RequestParam(defaultValue = "") String q, HttpServletRequest request,
            Model model) {
        Portal portal = pages.visible(slug, request, model);
        model.addAttribute("q", q);
        model.addAttribute("entries", catalog.search(portal.org(), q));
        return "portal/catalog";
    }

    @GetMapping("/products/{product}")
    String product(@PathVariable String slug, @PathVariable String product, @RequestParam(required = false) UUID version,
            HttpServletRequest request, Model model) {
        Portal portal = pages.visible(slug, request, model);
        CatalogEntry entry = catalog.product(portal.org(), product);
        ProductVersion shown = version == null ? entry.versions().get(0) : versionOf(entry, version);
        model.addAttribute("entry", entry);
        model.addAttribute("version", shown);
        model.addAttribute("plans", catalog.plans(portal.org(), shown.id()));
        model.addAttribute("docs", catalog.pages(portal.org(), shown.id()));
        return "portal/product";
    }

    @GetMapping("/products/{product}/versions/{version}/docs/{page}")
    String docsPage(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @PathVariable String page, HttpServletRequest request, Model model) {
        Portal portal = pages.visible(slug, request, model);
        CatalogEntry entry = catalog.product(portal.org(), product);
        ProductVersion shown = versionOf(entry, version);
        model.addAttribute("entry", entry);
        model.addAttribute("version", shown);
        model.addAttribute("docs", catalog.pages(portal.org(), shown.id()));
        model.addAttribute("page", catalog.page(portal.org(), shown.id(), page));
        return "portal/doc";
    }

    /** The raw document Swagger UI loads (same visibility rules as the pages). */
    @GetMapping("/products/{product}/versions/{version}/openapi")
    ResponseEntity<String> openApi(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            HttpServletRequest request, Model model) {
        Portal portal = pages.visible(slug, request, model);
        ProductVersion shown = versionOf(catalog.product(portal.org(), product), version);
        String document = catalog.openApi(portal.org(), shown.id())
                .orElseThrow(() -> new NotFoundException("OpenAPI document of version", shown.name()));
        MediaType type = document.stripLeading().startsWith("{") ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("application/yaml");
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(document);
    }

    private static ProductVersion versionOf(CatalogEntry entry, UUID id) {
        List<ProductVersion> versions = entry.versions();
        return versions.stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("version", id.toString()));
    }
}
