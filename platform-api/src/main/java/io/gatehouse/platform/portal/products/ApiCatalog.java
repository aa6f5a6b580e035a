package io.gatehouse.platform.portal.products;

import static io.gatehouse.platform.portal.products.ProductRows.PLAN;
import static io.gatehouse.platform.portal.products.ProductRows.PLAN_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.PRODUCT;
import static io.gatehouse.platform.portal.products.ProductRows.PRODUCT_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.VERSION;
import static io.gatehouse.platform.portal.products.ProductRows.VERSION_COLUMNS;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * What developers see of an organization's API products: only products with a published or deprecated
 * version, and only those versions, their plans, OpenAPI documents and docs pages. Drafts and retired
 * versions are a 404 here, exactly like another organization's products. Read-only; whether the caller may
 * see the portal at all (a private portal) is the pages' decision, from {@code Portals}.
 */
@Service
public class ApiCatalog {

    private static final String LISTED = "status in ('published', 'deprecated')";

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final ProductDocs docs;

    ApiCatalog(JdbcClient jdbc, PortalScopes scopes, ProductDocs docs) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.docs = docs;
    }

    /**
     * The catalogue, by product name; {@code query} (optional) keeps products whose name, slug or description
     * contains it, case-insensitively.
     */
    public List<CatalogEntry> search(OrgId org, String query) {
        String like = query == null || query.isBlank() ? null
                : "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return scopes.in(org, () -> {
            List<ApiProduct> products = jdbc.sql("select " + PRODUCT_COLUMNS + " from portal_product p where exists"
                    + " (select 1 from portal_product_version v where v.product_id = p.id and v." + LISTED + ")"
                    + (like == null ? "" : " and (lower(p.name) like :q or p.slug like :q or lower(coalesce(p.description, '')) like :q)")
                    + " order by lower(p.name), p.id")
                    .params(like == null ? java.util.Map.of() : java.util.Map.of("q", like)).query(PRODUCT).list();
            return products.stream().map(product -> new CatalogEntry(product, listedVersions(product.id()))).toList();
        });
    }

    /** A listed product by slug with its listed versions; 404 when it has none. */
    public CatalogEntry product(OrgId org, String slug) {
        return scopes.in(org, () -> {
            ApiProduct product = jdbc.sql("select " + PRODUCT_COLUMNS + " from portal_product where slug = :slug")
                    .param("slug", slug).query(PRODUCT).optional()
                    .orElseThrow(() -> new NotFoundException("API product", slug));
            List<ProductVersion> versions = listedVersions(product.id());
            if (versions.isEmpty()) {
                throw new NotFoundException("API product", slug);
            }
            return new CatalogEntry(product, versions);
        });
    }

    /** A listed version; 404 for drafts, retired versions and unknown ids. */
    public ProductVersion version(OrgId org, UUID versionId) {
        return scopes.in(org, () -> listedVersion(versionId));
    }

    /** The plans developers may choose for a listed version. */
    public List<AccessPlan> plans(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            listedVersion(versionId);
            return jdbc.sql("select " + PLAN_COLUMNS + " from portal_plan where version_id = :v order by lower(name), id")
                    .param("v", versionId).query(PLAN).list();
        });
    }

    /** The OpenAPI document of a listed version, for the interactive viewer. */
    public Optional<String> openApi(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            listedVersion(versionId);
            return Optional.ofNullable(jdbc.sql("select openapi_document from portal_product_version where id = :id")
                    .param("id", versionId).query(String.class).single());
        });
    }

    /** The docs pages of a listed version. */
    public List<DocPage> pages(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            listedVersion(versionId);
            return docs.list(org, versionId);
        });
    }

    /** One docs page of a listed version; 404 when missing. */
    public DocPage page(OrgId org, UUID versionId, String slug) {
        return scopes.in(org, () -> {
            listedVersion(versionId);
            return docs.find(org, versionId, slug).orElseThrow(() -> new NotFoundException("docs page", slug));
        });
    }

    private List<ProductVersion> listedVersions(UUID productId) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from portal_product_version where product_id = :p and " + LISTED
                + " order by created_at desc, id").param("p", productId).query(VERSION).list();
    }

    private ProductVersion listedVersion(UUID versionId) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from portal_product_version where id = :id and " + LISTED)
                .param("id", versionId).query(VERSION).optional()
                .orElseThrow(() -> new NotFoundException("API product version", versionId));
    }
}
