package io.gatehouse.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which navigation entry a console URL belongs to, so the layout can mark it as the current page. */
class ShellsTests {

    @Test
    void theSectionIsThePathSegmentAfterTheOrganization() {
        assertThat(Shells.section("/orgs/acme", "")).isEqualTo("home");
        assertThat(Shells.section("/orgs/acme/members", "")).isEqualTo("members");
        assertThat(Shells.section("/orgs/acme/tokens/123/revoke", "")).isEqualTo("tokens");
        assertThat(Shells.section("/app/orgs/acme/audit-log", "/app")).isEqualTo("audit-log");
    }

    @Test
    void outsideAnOrganizationItIsTheFirstSegment() {
        assertThat(Shells.section("/orgs", "")).isEqualTo("orgs");
        assertThat(Shells.section("/", "")).isEmpty();
        assertThat(Shells.section("/signup", "")).isEqualTo("signup");
    }
}
