package io.gatehouse.platform.portal.products;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.OrgId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code /api/v1/organizations/{org}/api-products}: products, versions (lifecycle, OpenAPI document, docs
 * pages) and access plans. Reads need VIEWER, writes EDITOR.
 */
@ApiController("/api/v1/organizations/{org}/api-products")
@Tag(name = "API products", description = "Products published on the developer portal, their versions, docs and plans")
class ApiProductController {

    private final ApiProducts products;
    private final AccessPlans plans;
    private final ProductDocs docs;
    private final CurrentCaller caller;

    ApiProductController(ApiProducts products, AccessPlans plans, ProductDocs docs, CurrentCaller caller) {
        this.products = products;
        this.plans = plans;
        this.docs = docs;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ProductJson(UUID id, String slug, String name, String description, Instant createdAt, Instant updatedAt) {
        static ProductJson of(ApiProduct p) {
            return new ProductJson(p.id(), p.slug(), p.name(), p.description(), p.createdAt(), p.updatedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ProductBody(String slug, String name, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record VersionJson(UUID id, UUID productId, String name, UUID controlPlaneId, UUID serviceId, String status,
            Instant sunsetAt, String openapiSource, String openapiTitle, boolean hasOpenapi, Instant createdAt,
            Instant updatedAt) {
        static VersionJson of(ProductVersion v) {
            return new VersionJson(v.id(), v.productId(), v.name(), v.controlPlaneId(), v.serviceId(),
                    v.status().wireName(), v.sunsetAt(), v.openApiSource(), v.openApiTitle(), v.hasOpenApi(),
                    v.createdAt(), v.updatedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record VersionBody(String name, String controlPlane, String service) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StatusBody(String status, Instant sunsetAt) {
    }

    record FetchBody(String url) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PlanJson(UUID id, UUID versionId, String name, String description, String auth, String approval,
            Integer rateLimitPerMinute, Instant createdAt) {
        static PlanJson of(AccessPlan p) {
            return new PlanJson(p.id(), p.versionId(), p.name(), p.description(), p.auth().wireName(),
                    p.approval().wireName(), p.rateLimitPerMinute(), p.createdAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PlanBody(String name, String description, String auth, String approval, Integer rateLimitPerMinute) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PageJson(UUID id, UUID versionId, String slug, String title, String markdown, int position, Instant updatedAt) {
        static PageJson of(DocPage p) {
            return new PageJson(p.id(), p.versionId(), p.slug(), p.title(), p.markdown(), p.position(), p.updatedAt());
        }
    }

    record PageBody(String title, String markdown, Integer position) {
    }

    record Listing<T>(List<T> data) {
    }

    // ---- products ----

    @GetMapping
    @Operation(summary = "List the organization's API products")
    Listing<ProductJson> list(@PathVariable String org) {
        return new Listing<>(products.list(viewer()).stream().map(ProductJson::of).toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API product")
    ProductJson create(@PathVariable String org, @RequestBody ProductBody body) {
        return ProductJson.of(products.create(editor(), new ProductDraft(body.slug(), body.name(), body.description())));
    }

    @GetMapping("/{product}")
    @Operation(summary = "Read an API product (by id or slug)")
    ProductJson get(@PathVariable String org, @PathVariable String product) {
        return ProductJson.of(products.get(viewer(), product));
    }

    @PutMapping("/{product}")
    @Operation(summary = "Replace an API product's slug, name and description")
    ProductJson update(@PathVariable String org, @PathVariable String product, @RequestBody ProductBody body) {
        return ProductJson.of(products.update(editor(), product, new ProductDraft(body.slug(), body.name(), body.description())));
    }

    @DeleteMapping("/{product}")
    @Operation(summary = "Delete an API product without published or deprecated versions")
    ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String product) {
        products.delete(editor(), product);
        return ResponseEntity.noContent().build();
    }

    // ---- versions ----

    @GetMapping("/{product}/versions")
    @Operation(summary = "List a product's versions")
    Listing<VersionJson> versions(@PathVariable String org, @PathVariable String product) {
        return new Listing<>(products.versions(viewer(), product).stream().map(VersionJson::of).toList());
    }

    @PostMapping("/{product}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a draft version linked to a gateway service (control_plane and service by id or name)")
    VersionJson addVersion(@PathVariable String org, @PathVariable String product, @RequestBody VersionBody body) {
        return VersionJson.of(products.addVersion(editor(), product,
                new VersionDraft(body.name(), body.controlPlane(), body.service())));
    }

    @GetMapping("/{product}/versions/{version}")
    @Operation(summary = "Read a version")
    VersionJson version(@PathVariable String org, @PathVariable String product, @PathVariable UUID version) {
        OrgId orgId = viewer();
        return VersionJson.of(versionOf(orgId, product, version));
    }

    @PutMapping("/{product}/versions/{version}/status")
    @Operation(summary = "Move a version through draft → published → deprecated (with sunset_at) → retired")
    VersionJson status(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @RequestBody StatusBody body) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        VersionStatus status;
        try {
            status = body.status() == null ? null : VersionStatus.of(body.status());
        } catch (IllegalArgumentException e) {
            status = null;
        }
        if (status == null) {
            throw InvalidInputException.field("status", "must be draft, published, deprecated or retired");
        }
        return VersionJson.of(products.changeStatus(orgId, version, status, body.sunsetAt()));
    }

    @PutMapping(path = "/{product}/versions/{version}/openapi", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Upload the version's OpenAPI 3 document (JSON or YAML); problems come back by line")
    VersionJson uploadOpenApi(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @RequestBody(required = false) String document) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        return VersionJson.of(products.uploadOpenApi(orgId, version, document));
    }

    @PostMapping("/{product}/versions/{version}/openapi/fetch")
    @Operation(summary = "Fetch the version's OpenAPI document from a public http(s) URL")
    VersionJson fetchOpenApi(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @RequestBody FetchBody body) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        return VersionJson.of(products.fetchOpenApi(orgId, version, body.url()));
    }

    @GetMapping(path = "/{product}/versions/{version}/openapi", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The version's OpenAPI document as stored")
    String openApi(@PathVariable String org, @PathVariable String product, @PathVariable UUID version) {
        OrgId orgId = viewer();
        versionOf(orgId, product, version);
        return products.openApi(orgId, version).orElseThrow(() -> new NotFoundException("OpenAPI document", version));
    }

    // ---- docs pages ----

    @GetMapping("/{product}/versions/{version}/docs")
    @Operation(summary = "List a version's docs pages")
    Listing<PageJson> pages(@PathVariable String org, @PathVariable String product, @PathVariable UUID version) {
        OrgId orgId = viewer();
        versionOf(orgId, product, version);
        return new Listing<>(docs.list(orgId, version).stream().map(PageJson::of).toList());
    }

    @PutMapping("/{product}/versions/{version}/docs/{slug}")
    @Operation(summary = "Create or replace a markdown docs page")
    PageJson putPage(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @PathVariable String slug, @RequestBody PageBody body) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        return PageJson.of(docs.put(orgId, version, new DocPageDraft(slug, body.title(), body.markdown(), body.position())));
    }

    @GetMapping("/{product}/versions/{version}/docs/{slug}")
    @Operation(summary = "Read a docs page")
    PageJson page(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @PathVariable String slug) {
        OrgId orgId = viewer();
        versionOf(orgId, product, version);
        return PageJson.of(docs.find(orgId, version, slug).orElseThrow(() -> new NotFoundException("docs page", slug)));
    }

    @DeleteMapping("/{product}/versions/{version}/docs/{slug}")
    @Operation(summary = "Delete a docs page")
    ResponseEntity<Void> deletePage(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @PathVariable String slug) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        docs.delete(orgId, version, slug);
        return ResponseEntity.noContent().build();
    }

    // ---- plans ----

    @GetMapping("/{product}/versions/{version}/plans")
    @Operation(summary = "List a version's access plans")
    Listing<PlanJson> plans(@PathVariable String org, @PathVariable String product, @PathVariable UUID version) {
        OrgId orgId = viewer();
        versionOf(orgId, product, version);
        return new Listing<>(plans.list(orgId, version).stream().map(PlanJson::of).toList());
    }

    @PostMapping("/{product}/versions/{version}/plans")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an access plan: auth key-auth|oauth2-client-credentials, approval auto|manual, optional rate limit")
    PlanJson addPlan(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @RequestBody PlanBody body) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        PlanAuth auth = parse(body.auth(), PlanAuth::of);
        Approval approval = parse(body.approval(), Approval::of);
        return PlanJson.of(plans.add(orgId, version, new PlanDraft(body.name(), body.description(), auth, approval,
                body.rateLimitPerMinute())));
    }

    @DeleteMapping("/{product}/versions/{version}/plans/{plan}")
    @Operation(summary = "Delete an access plan no live registration uses")
    ResponseEntity<Void> deletePlan(@PathVariable String org, @PathVariable String product, @PathVariable UUID version,
            @PathVariable UUID plan) {
        OrgId orgId = editor();
        versionOf(orgId, product, version);
        if (!plans.get(orgId, plan).versionId().equals(version)) {
            throw new NotFoundException("plan", plan);
        }
        plans.delete(orgId, plan);
        return ResponseEntity.noContent().build();
    }

    private ProductVersion versionOf(OrgId org, String product, UUID version) {
        ApiProduct found = products.get(org, product);
        ProductVersion v = products.version(org, version);
        if (!v.productId().equals(found.id())) {
            throw new NotFoundException("API product version", version);
        }
        return v;
    }

    private static <T> T parse(String value, java.util.function.Function<String, T> parser) {
        try {
            return value == null ? null : parser.apply(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private OrgId viewer() {
        return caller.requireOrgRole(OrgRole.VIEWER).org();
    }

    private OrgId editor() {
        return caller.requireOrgRole(OrgRole.EDITOR).org();
    }
}
