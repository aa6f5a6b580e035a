package io.gatehouse.console.apiproducts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import org.springframework.web.multipart.MultipartFile;

import io.gatehouse.console.gateways.FormState;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiProduct;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.products.Approval;
import io.gatehouse.platform.portal.products.DocPage;
import io.gatehouse.platform.portal.products.DocPageDraft;
import io.gatehouse.platform.portal.products.OpenApiCheck;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.PlanDraft;
import io.gatehouse.platform.portal.products.ProductDocs;
import io.gatehouse.platform.portal.products.ProductDraft;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.products.VersionDraft;
import io.gatehouse.platform.portal.products.VersionStatus;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The organization's API products in the console: products, their versions (each on a gateway service of one
 * of the org's control planes), a version's OpenAPI document (pasted, uploaded or fetched, its problems listed
 * by line), lifecycle, access plans and docs pages. VIEWER reads, EDITOR writes; the facade audits every write.
 */
@Controller
@RequestMapping("/orgs/{slug}/api-products")
class ApiProductPagesController {

    private static final Set<String> PRODUCT_FIELDS = Set.of("slug", "name", "description");
    private static final Set<String> VERSION_FIELDS = Set.of("name", "control_plane", "service");
    private static final Set<String> PLAN_FIELDS = Set.of("name", "description", "auth", "approval", "rate_limit_per_minute");
    private static final Set<String> DOC_FIELDS = Set.of("slug", "title", "markdown", "position");
    private static final Set<String> STATUS_FIELDS = Set.of("status", "sunset_at");

    /** One service a version may be linked to, with the control plane it belongs to. */
    record ServiceChoice(String controlPlane, String controlPlaneName, String service) {
    }

    private final CurrentCaller callers;
    private final ApiProducts products;
    private final AccessPlans plans;
    private final ProductDocs docs;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;

    ApiProductPagesController(CurrentCaller callers, ApiProducts products, AccessPlans plans, ProductDocs docs,
            ControlPlanes controlPlanes, GatewayEntities entities) {
        this.callers = callers;
        this.products = products;
        this.plans = plans;
        this.docs = docs;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        return listPage(slug, org, FormState.empty(), model);
    }

    @PostMapping
    String create(@PathVariable String slug, @RequestParam(name = "slug", defaultValue = "") String productSlug,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description, Model model,
            HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        FormState form = FormState.of(Map.of("slug", productSlug, "name", name, "description", description));
        try {
            ApiProduct product = products.create(org, new ProductDraft(productSlug, name, blankToNull(description)));
            return "redirect:/orgs/" + slug + "/api-products/" + product.slug();
        } catch (InvalidInputException e) {
            form.reject(e, PRODUCT_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            form.reject("slug", e.getMessage(), PRODUCT_FIELDS);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        return listPage(slug, org, form, model);
    }

    @GetMapping("/{product}")
    String product(@PathVariable String slug, @PathVariable String product, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        return productPage(slug, org, product, FormState.empty(), model);
    }

    @PostMapping("/{product}/delete")
    String delete(@PathVariable String slug, @PathVariable String product) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        products.delete(org, product);
        return "redirect:/orgs/" + slug + "/api-products";
    }

    @PostMapping("/{product}/versions")
    String addVersion(@PathVariable String slug, @PathVariable String product, @RequestParam(defaultValue = "") String name,
            @RequestParam(name = "control_plane", defaultValue = "") String controlPlane,
            @RequestParam(defaultValue = "") String service, Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        FormState form = FormState.of(Map.of("name", name, "control_plane", controlPlane, "service", service));
        // The service select names "control plane id/service name", so one choice says both.
        String plane = controlPlane;
        String serviceName = service;
        int slash = service.indexOf('/');
        if (slash > 0) {
            plane = plane.isBlank() ? service.substring(0, slash) : plane;
            serviceName = service.substring(slash + 1);
        }
        try {
            ProductVersion version = products.addVersion(org, product, new VersionDraft(name, blankToNull(plane),
                    blankToNull(serviceName)));
            return "redirect:" + versionPath(slug, product, version.id());
        } catch (InvalidInputException e) {
            form.reject(e, VERSION_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            form.reject("name", e.getMessage(), VERSION_FIELDS);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        return productPage(slug, org, product, form, model);
    }

    @GetMapping("/{product}/versions/{version}")
    String version(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(required = false) String doc, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        VersionPage page = new VersionPage();
        if (doc != null && !doc.isBlank()) {
            versionOf(org, product, version);
            DocPage existing = docs.find(org, version, doc).orElseThrow(() -> new NotFoundException("docs page", doc));
            page.doc = FormState.of(Map.of("slug", existing.slug(), "title", existing.title(), "markdown", existing.markdown(),
                    "position", String.valueOf(existing.position())));
        }
        return versionPage(slug, org, product, version, page, model);
    }

    @PostMapping("/{product}/versions/{version}/openapi")
    String uploadOpenApi(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(defaultValue = "") String document, @RequestParam(required = false) MultipartFile file,
            Model model, HttpServletResponse response) throws IOException {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : document;
        VersionPage page = new VersionPage();
        page.openApi = FormState.of(Map.of("document", text));
        if (text.isBlank()) {
            page.openApi.reject("document", "Paste a document or choose a file.", Set.of("document"));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return versionPage(slug, org, product, version, page, model);
        }
        OpenApiCheck check = products.checkOpenApi(text);
        if (!check.valid()) {
            page.problems = check.problems().stream().map(p -> p.describe()).toList();
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return versionPage(slug, org, product, version, page, model);
        }
        try {
            products.uploadOpenApi(org, version, text);
        } catch (InvalidInputException e) {
            page.problems = e.violations().stream().map(FieldViolation::message).toList();
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return versionPage(slug, org, product, version, page, model);
        }
        return "redirect:" + versionPath(slug, product, version);
    }

    @PostMapping("/{product}/versions/{version}/openapi/fetch")
    String fetchOpenApi(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(defaultValue = "") String url, Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        VersionPage page = new VersionPage();
        page.fetch = FormState.of(Map.of("url", url));
        try {
            products.fetchOpenApi(org, version, url);
            return "redirect:" + versionPath(slug, product, version);
        } catch (InvalidInputException e) {
            List<String> problems = new ArrayList<>();
            for (FieldViolation violation : e.violations()) {
                if (violation.field() != null && violation.field().startsWith("openapi")) {
                    problems.add(violation.message());
                } else {
                    page.fetch.reject("url", violation.message(), Set.of("url"));
                }
            }
            if (e.violations().isEmpty()) {
                page.fetch.reject("url", e.getMessage(), Set.of("url"));
            }
            page.problems = problems;
            page.problemsField = "url";
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        return versionPage(slug, org, product, version, page, model);
    }

    @PostMapping("/{product}/versions/{version}/status")
    String changeStatus(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(defaultValue = "") String status, @RequestParam(name = "sunset_at", defaultValue = "") String sunsetAt,
            Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        VersionPage page = new VersionPage();
        page.status = FormState.of(Map.of("status", status, "sunset_at", sunsetAt));
        try {
            VersionStatus target = VersionStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            java.time.Instant sunset = sunsetAt.isBlank() ? null : LocalDate.parse(sunsetAt).atStartOfDay(ZoneOffset.UTC).toInstant();
            products.changeStatus(org, version, target, sunset);
            return "redirect:" + versionPath(slug, product, version);
        } catch (DateTimeParseException e) {
            page.status.reject("sunset_at", "Give the sunset date as YYYY-MM-DD.", STATUS_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (IllegalArgumentException e) {
            page.status.reject("status", "Choose a status.", STATUS_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (InvalidInputException e) {
            page.status.reject(e, STATUS_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            page.status.fail(e.getMessage());
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        return versionPage(slug, org, product, version, page, model);
    }

    @PostMapping("/{product}/versions/{version}/plans")
    String addPlan(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "key-auth") String auth, @RequestParam(defaultValue = "auto") String approval,
            @RequestParam(name = "rate_limit_per_minute", defaultValue = "") String limit, Model model,
            HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        VersionPage page = new VersionPage();
        page.plan = FormState.of(Map.of("name", name, "description", description, "auth", auth, "approval", approval,
                "rate_limit_per_minute", limit));
        Integer perMinute = null;
        if (!limit.isBlank()) {
            try {
                perMinute = Integer.valueOf(limit.strip());
            } catch (NumberFormatException e) {
                page.plan.reject("rate_limit_per_minute", "must be a whole number of requests per minute", PLAN_FIELDS);
            }
        }
        if (!page.plan.hasErrors()) {
            try {
                plans.add(org, version, new PlanDraft(name, blankToNull(description), PlanAuth.of(auth), Approval.of(approval),
                        perMinute));
                return "redirect:" + versionPath(slug, product, version) + "#plans";
            } catch (InvalidInputException e) {
                page.plan.reject(e, PLAN_FIELDS);
            } catch (ConflictException e) {
                page.plan.reject("name", e.getMessage(), PLAN_FIELDS);
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                return versionPage(slug, org, product, version, page, model);
            } catch (IllegalArgumentException e) {
                page.plan.fail("Choose an authentication and an approval mode.");
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return versionPage(slug, org, product, version, page, model);
    }

    @PostMapping("/{product}/versions/{version}/plans/{plan}/delete")
    String deletePlan(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @PathVariable UUID plan) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        if (!plans.get(org, plan).versionId().equals(version)) {
            throw new NotFoundException("plan", plan.toString());
        }
        plans.delete(org, plan);
        return "redirect:" + versionPath(slug, product, version) + "#plans";
    }

    @PostMapping("/{product}/versions/{version}/docs")
    String putDoc(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @RequestParam(name = "slug", defaultValue = "") String docSlug, @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String markdown, @RequestParam(defaultValue = "") String position, Model model,
            HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        VersionPage page = new VersionPage();
        page.doc = FormState.of(Map.of("slug", docSlug, "title", title, "markdown", markdown, "position", position));
        Integer at = null;
        if (!position.isBlank()) {
            try {
                at = Integer.valueOf(position.strip());
            } catch (NumberFormatException e) {
                page.doc.reject("position", "must be a whole number", DOC_FIELDS);
            }
        }
        if (!page.doc.hasErrors()) {
            try {
                docs.put(org, version, new DocPageDraft(docSlug, title, markdown, at));
                return "redirect:" + versionPath(slug, product, version) + "#docs";
            } catch (InvalidInputException e) {
                page.doc.reject(e, DOC_FIELDS);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return versionPage(slug, org, product, version, page, model);
    }

    @PostMapping("/{product}/versions/{version}/docs/{page}/delete")
    String deleteDoc(@PathVariable String slug, @PathVariable String product, @PathVariable UUID version,
            @PathVariable String page) {
        OrgId org = callers.requireOrgRole(OrgRole.EDITOR).org();
        versionOf(org, product, version);
        docs.delete(org, version, page);
        return "redirect:" + versionPath(slug, product, version) + "#docs";
    }

    /** What a version page shows after a post: the form that was sent with its messages, the others empty. */
    private static final class VersionPage {
        FormState openApi = FormState.empty();
        FormState fetch = FormState.empty();
        FormState status = FormState.empty();
        FormState plan = FormState.of(Map.of("auth", "key-auth", "approval", "auto"));
        FormState doc = FormState.empty();
        List<String> problems = List.of();
        /** The field the document's problems are listed under: {@code document} (pasted, uploaded) or {@code url}. */
        String problemsField = "document";
    }

    private String listPage(String slug, OrgId org, FormState form, Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("products", products.list(org));
        model.addAttribute("form", form);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "apiproducts/products";
    }

    private String productPage(String slug, OrgId org, String productRef, FormState form, Model model) {
        ApiProduct product = products.get(org, productRef);
        model.addAttribute("slug", slug);
        model.addAttribute("product", product);
        model.addAttribute("versions", products.versions(org, product.slug()));
        model.addAttribute("form", form);
        Map<String, List<ServiceChoice>> groups = new java.util.LinkedHashMap<>();
        for (ServiceChoice choice : serviceChoices()) {
            groups.computeIfAbsent(choice.controlPlaneName(), name -> new ArrayList<>()).add(choice);
        }
        model.addAttribute("serviceGroups", groups);
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "apiproducts/product";
    }

    private String versionPage(String slug, OrgId org, String productRef, UUID versionId, VersionPage page, Model model) {
        ApiProduct product = products.get(org, productRef);
        ProductVersion version = versionOf(org, productRef, versionId);
        model.addAttribute("slug", slug);
        model.addAttribute("product", product);
        model.addAttribute("version", version);
        model.addAttribute("target", target(version));
        model.addAttribute("plans", plans.list(org, versionId));
        model.addAttribute("docs", docs.list(org, versionId));
        model.addAttribute("openApiForm", page.openApi);
        model.addAttribute("fetchForm", page.fetch);
        model.addAttribute("statusForm", page.status);
        model.addAttribute("planForm", page.plan);
        model.addAttribute("docForm", page.doc);
        model.addAttribute("problems", page.problems);
        model.addAttribute("problemsField", page.problemsField);
        model.addAttribute("form", FormState.empty());
        model.addAttribute("canWrite", callers.get().hasOrgRole(OrgRole.EDITOR));
        return "apiproducts/version";
    }

    /** A version of this product, or 404 (a version id of another product or org is not found). */
    private ProductVersion versionOf(OrgId org, String productRef, UUID versionId) {
        ApiProduct product = products.get(org, productRef);
        ProductVersion version = products.version(org, versionId);
        if (!version.productId().equals(product.id())) {
            throw new NotFoundException("version", versionId.toString());
        }
        return version;
    }

    /** "control plane / service" of a version, read in the caller's org. */
    private String target(ProductVersion version) {
        for (ControlPlane plane : controlPlanes.list()) {
            if (plane.id().equals(version.controlPlaneId())) {
                return entities.list(plane.id().toString(), EntityType.SERVICE, null, EntityFilter.none(), 1000, null).data()
                        .stream().filter(s -> s.id().equals(version.serviceId())).findFirst()
                        .map(s -> plane.name() + " / " + (s.name() != null ? s.name() : s.id().toString()))
                        .orElse(plane.name());
            }
        }
        return "";
    }

    private List<ServiceChoice> serviceChoices() {
        List<ServiceChoice> choices = new ArrayList<>();
        for (ControlPlane plane : controlPlanes.list()) {
            for (GatewayEntity service : entities.list(plane.id().toString(), EntityType.SERVICE, null, EntityFilter.none(),
                    1000, null).data()) {
                if (service.name() != null) {
                    choices.add(new ServiceChoice(plane.id().toString(), plane.name(), service.name()));
                }
            }
        }
        return choices;
    }

    static String versionPath(String slug, String product, UUID version) {
        return "/orgs/" + slug + "/api-products/" + product + "/versions/" + version;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
