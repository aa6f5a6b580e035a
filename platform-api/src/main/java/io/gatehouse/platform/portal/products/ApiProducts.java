package io.gatehouse.platform.portal.products;

import static io.gatehouse.platform.portal.products.ProductRows.PRODUCT;
import static io.gatehouse.platform.portal.products.ProductRows.PRODUCT_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.VERSION;
import static io.gatehouse.platform.portal.products.ProductRows.VERSION_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * API products and their versions, as the console manages them: create and edit products, add versions linked
 * to a gateway service, attach the OpenAPI document (uploaded or fetched, checked by {@link OpenApiValidator}),
 * and move versions through their lifecycle ({@link VersionStatus}). Publishing puts the version's service
 * behind the portal's credentials ({@link ServiceGuard}). Every method takes the organization and runs in its
 * tenant scope; another organization's product or version is a 404. Every write is audited.
 */
@Service
public class ApiProducts {

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final ServiceGuard guard;
    private final OpenApiValidator validator;
    private final OpenApiFetcher fetcher;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiProducts(JdbcClient jdbc, PortalScopes scopes, ControlPlanes controlPlanes, GatewayEntities entities,
            ServiceGuard guard, OpenApiValidator validator, OpenApiFetcher fetcher, AuditLog audit,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.guard = guard;
        this.validator = validator;
        this.fetcher = fetcher;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ---- products ----------------------------------------------------------------------------------------

    /** Creates a product; 400 for a bad slug or name, 409 when the slug is taken in this organization. */
    public ApiProduct create(OrgId org, ProductDraft draft) {
        check(draft);
        return scopes.in(org, () -> {
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            try {
                jdbc.sql("""
                        insert into portal_product (id, org_id, slug, name, description, created_at, updated_at)
                        values (:id, :org, :slug, :name, :description, :now, :now)
                        """).param("id", id).param("org", org.value()).param("slug", draft.slug())
                        .param("name", draft.name().strip()).param("description", blankToNull(draft.description()))
                        .param("now", timestamp(now)).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("A product with the slug '" + draft.slug() + "' already exists.");
            }
            ApiProduct product = new ApiProduct(id, draft.slug(), draft.name().strip(), blankToNull(draft.description()),
                    now, now);
            audit.recordChange("create", "api_product", id, Map.of(), snapshot(product));
            return product;
        });
    }

    /** Replaces a product's slug, name and description. */
    public ApiProduct update(OrgId org, String product, ProductDraft draft) {
        check(draft);
        return scopes.in(org, () -> {
            ApiProduct before = find(product);
            Instant now = clock.instant();
            try {
                jdbc.sql("update portal_product set slug = :slug, name = :name, description = :description,"
                        + " updated_at = :now where id = :id")
                        .param("slug", draft.slug()).param("name", draft.name().strip())
                        .param("description", blankToNull(draft.description())).param("now", timestamp(now))
                        .param("id", before.id()).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("A product with the slug '" + draft.slug() + "' already exists.");
            }
            ApiProduct after = new ApiProduct(before.id(), draft.slug(), draft.name().strip(),
                    blankToNull(draft.description()), before.createdAt(), now);
            audit.recordChange("update", "api_product", before.id(), snapshot(before), snapshot(after));
            return after;
        });
    }

    /**
     * Deletes a product with its versions, plans, docs and registrations; refused (409) while a version is
     * published or deprecated, so that nobody's working credentials disappear by accident.
     */
    public void delete(OrgId org, String product) {
        scopes.run(org, () -> {
            ApiProduct found = find(product);
            boolean live = versions(found.id()).stream().anyMatch(version -> version.status().listed());
            if (live) {
                throw new ConflictException("The product '" + found.name() + "' has published or deprecated versions;"
                        + " retire them first.");
            }
            jdbc.sql("delete from portal_product where id = :id").param("id", found.id()).update();
            audit.recordChange("delete", "api_product", found.id(), snapshot(found), Map.of());
        });
    }

    /** The organization's products by name. */
    public List<ApiProduct> list(OrgId org) {
        return scopes.in(org, () -> jdbc.sql("select " + PRODUCT_COLUMNS + " from portal_product order by lower(name), id")
                .query(PRODUCT).list());
    }

    /** A product by id or slug. */
    public ApiProduct get(OrgId org, String product) {
        return scopes.in(org, () -> find(product));
    }

    // ---- versions ----------------------------------------------------------------------------------------

    /** Adds a draft version linked to a service of one of the organization's control planes. */
    public ProductVersion addVersion(OrgId org, String product, VersionDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().strip().length() > 50) {
            violations.add(new FieldViolation("name", "Give the version a name of at most 50 characters, e.g. v1."));
        }
        if (draft.controlPlane() == null || draft.controlPlane().isBlank()) {
            violations.add(new FieldViolation("control_plane", "Choose the control plane of the service."));
        }
        if (draft.service() == null || draft.service().isBlank()) {
            violations.add(new FieldViolation("service", "Choose the gateway service this version exposes."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        return scopes.in(org, () -> {
            ApiProduct found = find(product);
            ControlPlane plane;
            try {
                plane = controlPlanes.get(draft.controlPlane());
            } catch (NotFoundException e) {
                throw InvalidInputException.field("control_plane", "There is no control plane '" + draft.controlPlane()
                        + "' in this organization.");
            }
            GatewayEntity service = entities.find(plane, EntityType.SERVICE, draft.service())
                    .orElseThrow(() -> InvalidInputException.field("service", "There is no service '" + draft.service()
                            + "' in the control plane '" + plane.name() + "'."));
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            try {
                jdbc.sql("""
                        insert into portal_product_version (id, org_id, product_id, name, control_plane_id, service_id,
                            status, created_at, updated_at)
                        values (:id, :org, :product, :name, :cp, :service, 'draft', :now, :now)
                        """).param("id", id).param("org", org.value()).param("product", found.id())
                        .param("name", draft.name().strip()).param("cp", plane.id()).param("service", service.id())
                        .param("now", timestamp(now)).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("The product already has a version '" + draft.name().strip() + "'.");
            }
            audit.record("create", "api_product_version", id, Map.of("product", found.id().toString(),
                    "name", draft.name().strip(), "control_plane", plane.id().toString(), "service", service.id().toString()));
            return version(id);
        });
    }

    /** A product's versions, newest first. */
    public List<ProductVersion> versions(OrgId org, String product) {
        return scopes.in(org, () -> versions(find(product).id()));
    }

    /** A version by id; 404 when it is not this organization's. */
    public ProductVersion version(OrgId org, UUID versionId) {
        return scopes.in(org, () -> version(versionId));
    }

    /**
     * Moves a version to another status. Publishing needs an OpenAPI document and guards the service with
     * key-auth and acl; deprecating needs a sunset date in the future; a retired version stays retired.
     * Listeners of {@link VersionStatusChanged} (the portal's gateway provisioning) react in the same transaction.
     */
    public ProductVersion changeStatus(OrgId org, UUID versionId, VersionStatus status, Instant sunsetAt) {
        if (status == null) {
            throw InvalidInputException.field("status", "must be draft, published, deprecated or retired");
        }
        return scopes.in(org, () -> {
            ProductVersion before = version(versionId);
            if (before.status() == status) {
                if (status == VersionStatus.DEPRECATED && sunsetAt != null) {
                    return setStatus(before, status, checkedSunset(sunsetAt));
                }
                return before;
            }
            if (!before.status().next().contains(status)) {
                throw new ConflictException("A " + before.status().wireName() + " version cannot become "
                        + status.wireName() + ".");
            }
            Instant sunset = null;
            if (status == VersionStatus.DEPRECATED) {
                if (sunsetAt == null) {
                    throw InvalidInputException.field("sunset_at", "Give the date after which the version stops working.");
                }
                sunset = checkedSunset(sunsetAt);
            }
            if (status == VersionStatus.PUBLISHED && !before.hasOpenApi()) {
                throw new ConflictException("Add an OpenAPI document to version '" + before.name() + "' before publishing it.");
            }
            if (status.listed()) {
                guard.guard(before);
            }
            ProductVersion after = setStatus(before, status, sunset);
            events.publishEvent(new VersionStatusChanged(org, versionId, before.status(), status));
            return after;
        });
    }

    /** Checks and stores an uploaded OpenAPI document; 400 with one message per problem, each naming its line. */
    public ProductVersion uploadOpenApi(OrgId org, UUID versionId, String document) {
        return storeOpenApi(org, versionId, document, "upload");
    }

    /** Fetches an OpenAPI document from a URL (see {@code OpenApiFetcher} for the limits), checks and stores it. */
    public ProductVersion fetchOpenApi(OrgId org, UUID versionId, String url) {
        scopes.in(org, () -> version(versionId));
        String document = fetcher.fetch(url);
        return storeOpenApi(org, versionId, document, url.strip());
    }

    /** The version's OpenAPI document as stored, or empty. */
    public Optional<String> openApi(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            version(versionId);
            return Optional.ofNullable(jdbc.sql("select openapi_document from portal_product_version where id = :id")
                    .param("id", versionId).query(String.class).single());
        });
    }

    /** Checks a document without storing it (for a form's preview). */
    public OpenApiCheck checkOpenApi(String document) {
        return validator.check(document);
    }

    private ProductVersion storeOpenApi(OrgId org, UUID versionId, String document, String source) {
        OpenApiCheck check = validator.check(document);
        if (!check.valid()) {
            throw new InvalidInputException("The OpenAPI document has " + check.problems().size() + " problem"
                    + (check.problems().size() == 1 ? "" : "s") + ".", check.problems().stream()
                    .map(problem -> new FieldViolation("openapi" + (problem.pointer().isEmpty() ? "" : problem.pointer()),
                            problem.describe()))
                    .toList());
        }
        return scopes.in(org, () -> {
            ProductVersion before = version(versionId);
            if (before.status() == VersionStatus.RETIRED) {
                throw new ConflictException("Version '" + before.name() + "' is retired.");
            }
            jdbc.sql("update portal_product_version set openapi_document = :doc, openapi_source = :source,"
                    + " openapi_title = :title, updated_at = :now where id = :id")
                    .param("doc", document).param("source", source).param("title", check.title())
                    .param("now", timestamp(clock.instant())).param("id", versionId).update();
            audit.record("update", "api_product_version", versionId, Map.of("openapi_source", source,
                    "openapi_title", String.valueOf(check.title()), "openapi_size", document.length()));
            return version(versionId);
        });
    }

    // ---- shared reads (package) ----------------------------------------------------------------------------

    ApiProduct find(String product) {
        UUID id = ProductRows.uuidOrNull(product);
        Optional<ApiProduct> found = id != null
                ? jdbc.sql("select " + PRODUCT_COLUMNS + " from portal_product where id = :id").param("id", id)
                        .query(PRODUCT).optional()
                : jdbc.sql("select " + PRODUCT_COLUMNS + " from portal_product where slug = :slug").param("slug", product)
                        .query(PRODUCT).optional();
        return found.orElseThrow(() -> new NotFoundException("API product", product));
    }

    List<ProductVersion> versions(UUID productId) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from portal_product_version where product_id = :p"
                + " order by created_at desc, id").param("p", productId).query(VERSION).list();
    }

    ProductVersion version(UUID versionId) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from portal_product_version where id = :id")
                .param("id", versionId).query(VERSION).optional()
                .orElseThrow(() -> new NotFoundException("API product version", versionId));
    }

    private ProductVersion setStatus(ProductVersion before, VersionStatus status, Instant sunset) {
        jdbc.sql("update portal_product_version set status = :status, sunset_at = :sunset, updated_at = :now where id = :id")
                .param("status", status.wireName()).param("sunset", timestamp(sunset))
                .param("now", timestamp(clock.instant())).param("id", before.id()).update();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", before.status().wireName(), "to", status.wireName()));
        if (sunset != null) {
            changes.put("sunset_at", sunset.toString());
        }
        audit.record("update", "api_product_version", before.id(), changes);
        return version(before.id());
    }

    private Instant checkedSunset(Instant sunsetAt) {
        if (!sunsetAt.isAfter(clock.instant())) {
            throw InvalidInputException.field("sunset_at", "The sunset date must be in the future.");
        }
        return sunsetAt;
    }

    private static void check(ProductDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.slug() == null || !ProductRows.SLUG.matcher(draft.slug()).matches()) {
            violations.add(new FieldViolation("slug", ProductRows.SLUG_RULE));
        }
        if (draft.name() == null || draft.name().isBlank()) {
            violations.add(new FieldViolation("name", "Give the product a name."));
        } else if (draft.name().strip().length() > 200) {
            violations.add(new FieldViolation("name", "At most 200 characters."));
        }
        if (draft.description() != null && draft.description().length() > 4000) {
            violations.add(new FieldViolation("description", "At most 4000 characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
    }

    private static Map<String, Object> snapshot(ApiProduct product) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("slug", product.slug());
        map.put("name", product.name());
        map.put("description", product.description());
        return map;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
