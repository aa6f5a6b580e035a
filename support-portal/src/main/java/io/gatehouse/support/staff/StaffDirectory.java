package io.gatehouse.support.staff;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/** Names the staff pages show next to ids: organizations, support engineers, requesters. */
@Component
class StaffDirectory {

    /** An organization as the queue shows it. */
    record Org(UUID id, String slug, String name) {
    }

    /** A person who can be assigned tickets. */
    record Engineer(UUID id, String name, String email) {
    }

    private final JdbcClient jdbc;
    private final TenantScopes scopes;

    StaffDirectory(JdbcTemplate jdbcTemplate, TenantScopes scopes) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
    }

    @Transactional(readOnly = true)
    public Map<UUID, Org> orgs(Collection<UUID> ids) {
        Map<UUID, Org> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        scopes.run(TenantScope.platform(), () -> jdbc.sql("select id, slug, name from platform_organization where id = any (?)")
                .param(ids.stream().distinct().toArray(UUID[]::new))
                .query((rs, n) -> new Org(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .list().forEach(org -> found.put(org.id(), org)));
        return found;
    }

    @Transactional(readOnly = true)
    public Optional<Org> orgBySlug(String slug) {
        return scopes.call(TenantScope.platform(), () -> jdbc.sql("select id, slug, name from platform_organization where slug = ?")
                .param(slug.strip().toLowerCase(java.util.Locale.ROOT))
                .query((rs, n) -> new Org(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).optional());
    }

    /** Enabled support engineers and platform admins, by name. */
    @Transactional(readOnly = true)
    public List<Engineer> engineers() {
        return scopes.call(TenantScope.platform(), () -> jdbc.sql("""
                select id, display_name, email from platform_user
                where platform_role in ('SUPPORT_ENGINEER', 'PLATFORM_ADMIN') and enabled order by display_name, email
                """)
                .query((rs, n) -> new Engineer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list());
    }

    /** Display names of users. */
    @Transactional(readOnly = true)
    public Map<UUID, String> names(Collection<UUID> ids) {
        Map<UUID, String> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        scopes.run(TenantScope.platform(), () -> jdbc.sql("select id, display_name from platform_user where id = any (?)")
                .param(ids.stream().distinct().toArray(UUID[]::new))
                .query(rs -> {
                    found.put(rs.getObject(1, UUID.class), rs.getString(2));
                }));
        return found;
    }
}
