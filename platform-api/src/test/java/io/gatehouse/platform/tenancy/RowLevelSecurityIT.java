package io.gatehouse.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;

/**
 * Row-level security is the floor under tenant isolation: even a query with no tenant filter at all
 * returns only the current tenant's rows, and none when no tenant is set.
 */
@SpringBootTest
class RowLevelSecurityIT {

    @Autowired
    Organizations organizations;
    @Autowired
    TenantScopes scopes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void aQueryWithoutATenantFilterSeesOnlyTheCurrentTenant() {
        Organization acme = organizations.create("rls-acme-" + suffix(), "Acme");
        Organization globex = organizations.create("rls-globex-" + suffix(), "Globex");

        List<UUID> seenByAcme = scopes.call(TenantScope.org(acme.orgId()), () -> tx.execute(status ->
                jdbc.queryForList("select id from platform_organization", UUID.class)));
        List<String> auditSeenByAcme = scopes.call(TenantScope.org(acme.orgId()), () -> tx.execute(status ->
                jdbc.queryForList("select entity_id from platform_audit_event", String.class)));

        assertThat(seenByAcme).containsExactly(acme.getId());
        assertThat(auditSeenByAcme).contains(acme.getId().toString()).doesNotContain(globex.getId().toString());
    }

    @Test
    void noTenantInScopeMeansNoRows() {
        organizations.create("rls-none-" + suffix(), "Nobody sees me");

        Integer visible = tx.execute(status -> jdbc.queryForObject("select count(*) from platform_organization",
                Integer.class));

        assertThat(visible).isZero();
    }

    @Test
    void aTenantCannotWriteRowsOfAnotherTenant() {
        Organization acme = organizations.create("rls-writer-" + suffix(), "Writer");
        Organization victim = organizations.create("rls-victim-" + suffix(), "Victim");

        assertThatThrownBy(() -> scopes.run(TenantScope.org(acme.orgId()), () -> tx.executeWithoutResult(status ->
                jdbc.update("insert into platform_audit_event (id, org_id, occurred_at, actor_type, action, entity_type)"
                        + " values (?, ?, now(), 'USER', 'forge', 'organization')", UUID.randomUUID(), victim.getId()))))
                .rootCause().hasMessageContaining("violates row-level security policy");
    }

    @Test
    void theApplicationRoleOwnsNoTable() {
        String role = tx.execute(status -> jdbc.queryForObject("select current_user", String.class));
        Integer owned = tx.execute(status -> jdbc.queryForObject(
                "select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user", Integer.class));

        assertThat(role).isEqualTo("gatehouse_app");
        assertThat(owned).isZero();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
