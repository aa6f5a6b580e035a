package io.gatehouse.platform.portal.products;

import static io.gatehouse.platform.portal.products.ProductRows.PAGE;
import static io.gatehouse.platform.portal.products.ProductRows.PAGE_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Markdown documentation pages of product versions, stored as written (pages render them; the markdown is
 * never trusted as HTML). Audited; another organization's page is a 404.
 */
@Service
public class ProductDocs {

    /** The largest page, in characters. */
    public static final int MAX_MARKDOWN = 200_000;

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final ApiProducts products;
    private final AuditLog audit;
    private final Clock clock;

    ProductDocs(JdbcClient jdbc, PortalScopes scopes, ApiProducts products, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.products = products;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or replaces the page with the draft's slug. */
    public DocPage put(OrgId org, UUID versionId, DocPageDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.slug() == null || !ProductRows.SLUG.matcher(draft.slug()).matches()) {
            violations.add(new FieldViolation("slug", ProductRows.SLUG_RULE));
        }
        if (draft.title() == null || draft.title().isBlank() || draft.title().strip().length() > 200) {
            violations.add(new FieldViolation("title", "Give the page a title of at most 200 characters."));
        }
        if (draft.markdown() == null) {
            violations.add(new FieldViolation("markdown", "is required"));
        } else if (draft.markdown().length() > MAX_MARKDOWN) {
            violations.add(new FieldViolation("markdown", "At most " + MAX_MARKDOWN + " characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        return scopes.in(org, () -> {
            products.version(versionId);
            Instant now = clock.instant();
            int position = draft.position() == null ? 0 : draft.position();
            UUID id = jdbc.sql("""
                    insert into portal_doc_page (id, org_id, version_id, slug, title, markdown, position, updated_at)
                    values (:id, :org, :version, :slug, :title, :markdown, :position, :now)
                    on conflict (version_id, slug) do update set title = excluded.title, markdown = excluded.markdown,
                        position = excluded.position, updated_at = excluded.updated_at
                    returning id
                    """).param("id", UUID.randomUUID()).param("org", org.value()).param("version", versionId)
                    .param("slug", draft.slug()).param("title", draft.title().strip()).param("markdown", draft.markdown())
                    .param("position", position).param("now", timestamp(now)).query(UUID.class).single();
            audit.record("update", "api_doc_page", id, Map.of("version", versionId.toString(), "slug", draft.slug(),
                    "title", draft.title().strip(), "size", draft.markdown().length()));
            return new DocPage(id, versionId, draft.slug(), draft.title().strip(), draft.markdown(), position, now);
        });
    }

    /** The pages of a version in reading order. */
    public List<DocPage> list(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            products.version(versionId);
            return jdbc.sql("select " + PAGE_COLUMNS + " from portal_doc_page where version_id = :v order by position, slug")
                    .param("v", versionId).query(PAGE).list();
        });
    }

    /** One page by slug. */
    public Optional<DocPage> find(OrgId org, UUID versionId, String slug) {
        return scopes.in(org, () -> jdbc.sql("select " + PAGE_COLUMNS
                + " from portal_doc_page where version_id = :v and slug = :slug")
                .param("v", versionId).param("slug", slug).query(PAGE).optional());
    }

    /** Deletes a page; 404 when there is none with that slug. */
    public void delete(OrgId org, UUID versionId, String slug) {
        scopes.run(org, () -> {
            DocPage page = find(org, versionId, slug).orElseThrow(() -> new NotFoundException("docs page", slug));
            jdbc.sql("delete from portal_doc_page where id = :id").param("id", page.id()).update();
            audit.record("delete", "api_doc_page", page.id(), Map.of("version", versionId.toString(), "slug", slug));
        });
    }
}
