package io.gatehouse.support.kb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Knowledge-base articles with PostgreSQL full-text search ({@code websearch_to_tsquery} over a weighted,
 * generated tsvector; title matches rank above body matches). Used to suggest articles while a contact
 * types a ticket's subject.
 */
@Service
public class KnowledgeBase {

    private static final String COLUMNS = "id, slug, title, body, product, published, updated_at, version";

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final Clock clock;

    KnowledgeBase(JdbcTemplate jdbcTemplate, TenantScopes scopes, AuditLog audit, Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    /** Published articles matching the words (web-search syntax: quotes, OR, -word), best first. */
    @Transactional(readOnly = true)
    public List<ArticleHit> search(String query, int limit) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        if (limit < 1 || limit > 50) {
            throw InvalidInputException.field("limit", "Ask for 1 to 50 articles.");
        }
        return jdbc.sql("""
                select slug, title,
                       ts_headline('english', body, q, 'MaxWords=30, MinWords=10, StartSel=**, StopSel=**'),
                       ts_rank(search, q)
                from support_kb_article, websearch_to_tsquery('english', ?) as q
                where published and search @@ q
                order by ts_rank(search, q) desc, title
                limit ?
                """).params(query, limit)
                .query((rs, n) -> new ArticleHit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4)))
                .list();
    }

    /** A published article (staff see unpublished ones too). */
    @Transactional(readOnly = true)
    public Article get(String slug, boolean staff) {
        return jdbc.sql("select " + COLUMNS + " from support_kb_article where slug = ?" + (staff ? "" : " and published"))
                .param(slug).query(KnowledgeBase::article).optional()
                .orElseThrow(() -> new NotFoundException("article", slug));
    }

    /** Creates or updates an article by slug (support staff). */
    @Transactional
    public Article save(ArticleDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.slug() == null || !draft.slug().matches("[a-z0-9][a-z0-9-]{1,119}")) {
            violations.add(new FieldViolation("slug", "Use 2 to 120 lowercase letters, digits and hyphens."));
        }
        if (draft.title() == null || draft.title().isBlank() || draft.title().length() > 200) {
            violations.add(new FieldViolation("title", "Give a title of at most 200 characters."));
        }
        if (draft.body() == null || draft.body().isBlank()) {
            violations.add(new FieldViolation("body", "Write the article."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The article is not valid", violations);
        }
        boolean published = draft.published() == null || draft.published();
        Timestamp now = Timestamp.from(clock.instant());
        return scopes.call(TenantScope.platform(), () -> {
            try {
                jdbc.sql("""
                        insert into support_kb_article (id, slug, title, body, product, published, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (slug) do update set title = excluded.title, body = excluded.body, product = excluded.product,
                            published = excluded.published, updated_at = excluded.updated_at, version = support_kb_article.version + 1
                        """).params(UUID.randomUUID(), draft.slug(), draft.title().strip(), draft.body(), draft.product(), published,
                        now, now).update();
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                throw new ConflictException("Unknown product '" + draft.product() + "'.");
            }
            audit.record("save", "support_kb_article", draft.slug(), Map.of("title", draft.title().strip(), "published", published));
            return get(draft.slug(), true);
        });
    }

    private static Article article(ResultSet rs, int row) throws SQLException {
        return new Article(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getTimestamp(7).toInstant(), rs.getLong(8));
    }
}
