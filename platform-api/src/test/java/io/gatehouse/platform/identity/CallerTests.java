package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.tenancy.OrgId;

class CallerTests {

    private final OrgId org = OrgId.random();

    @Test
    void rolesAreOrderedAdminEditorViewer() {
        assertThat(OrgRole.ADMIN.includes(OrgRole.EDITOR)).isTrue();
        assertThat(OrgRole.EDITOR.includes(OrgRole.VIEWER)).isTrue();
        assertThat(OrgRole.EDITOR.includes(OrgRole.ADMIN)).isFalse();
        assertThat(OrgRole.VIEWER.includes(OrgRole.EDITOR)).isFalse();
        assertThat(OrgRole.VIEWER.includes(null)).isFalse();
        assertThat(OrgRole.lesser(OrgRole.ADMIN, OrgRole.VIEWER)).isEqualTo(OrgRole.VIEWER);
        assertThat(OrgRole.lesser(OrgRole.EDITOR, OrgRole.ADMIN)).isEqualTo(OrgRole.EDITOR);
    }

    @Test
    void aMemberHasTheRolesTheirRoleIncludesInTheirOrgOnly() {
        Caller editor = user(null).inOrg(org, OrgRole.EDITOR);

        assertThat(editor.hasOrgRole(OrgRole.VIEWER)).isTrue();
        assertThat(editor.hasOrgRole(OrgRole.EDITOR)).isTrue();
        assertThat(editor.hasOrgRole(OrgRole.ADMIN)).isFalse();
        assertThat(user(null).hasOrgRole(OrgRole.VIEWER)).as("no org, no role").isFalse();
    }

    @Test
    void aPlatformAdminHasEveryRoleInAnyOrgButSupportEngineersDoNot() {
        assertThat(user(PlatformRole.PLATFORM_ADMIN).inOrg(org, null).hasOrgRole(OrgRole.ADMIN)).isTrue();
        assertThat(user(PlatformRole.SUPPORT_ENGINEER).inOrg(org, null).hasOrgRole(OrgRole.VIEWER)).isFalse();
    }

    private static Caller user(PlatformRole platformRole) {
        UUID id = UUID.randomUUID();
        return new Caller(id, "Ada", "ada@example.test", new Actor(Actor.Type.USER, id.toString(), "ada@example.test"),
                null, null, platformRole, Set.of());
    }
}
