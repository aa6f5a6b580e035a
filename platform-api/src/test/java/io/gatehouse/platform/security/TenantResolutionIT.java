package io.gatehouse.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantContext;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/** The console's tenant resolution: {@code /orgs/{slug}/…} for members only, staff pages for staff only. */
class TenantResolutionIT extends IdentityITSupport {

    @Autowired
    Organizations organizations;
    @Autowired
    Memberships memberships;
    @Autowired
    TenantScopes scopes;
    @Autowired
    CurrentCaller currentCaller;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aMemberActsInTheOrganizationOfTheUrlWithTheirRole() throws Exception {
        TestUser owner = signUp();
        TestUser editor = signUp();
        scopes.run(TenantScope.org(owner.org()), () -> memberships.add(owner.org(), editor.userId(), OrgRole.EDITOR));

        Seen seen = request(user(editor, null), "/orgs/" + owner.slug() + "/services");

        assertThat(seen.status).isEqualTo(200);
        assertThat(seen.caller.org()).isEqualTo(owner.org());
        assertThat(seen.caller.role()).isEqualTo(OrgRole.EDITOR);
        assertThat(seen.scope.org()).isEqualTo(owner.org());
        assertThat(seen.scope.userId()).isEqualTo(editor.userId());
    }

    @Test
    void aNonMemberGets404AndNothingRuns() throws Exception {
        TestUser owner = signUp();
        TestUser stranger = signUp();

        Seen bySlug = request(user(stranger, null), "/orgs/" + owner.slug() + "/members");
        Seen byId = request(user(stranger, null), "/orgs/" + owner.org() + "/members");

        assertThat(bySlug.status).isEqualTo(404);
        assertThat(bySlug.caller).isNull();
        assertThat(byId.status).isEqualTo(404);
    }

    @Test
    void aPlatformAdminMayEnterAnyOrganizationWithoutARole() throws Exception {
        TestUser owner = signUp();
        TestUser admin = signUp();

        Seen seen = request(user(admin, PlatformRole.PLATFORM_ADMIN), "/orgs/" + owner.slug());

        assertThat(seen.status).isEqualTo(200);
        assertThat(seen.caller.org()).isEqualTo(owner.org());
        assertThat(seen.caller.role()).isNull();
        assertThat(seen.caller.hasOrgRole(OrgRole.ADMIN)).isTrue();
    }

    @Test
    void pagesWithoutAnOrganizationRunInTheUsersOwnScope() throws Exception {
        TestUser user = signUp();

        Seen seen = request(user(user, null), "/");

        assertThat(seen.scope).isEqualTo(TenantScope.user(user.userId()));
        assertThat(seen.caller.org()).isNull();
    }

    @Test
    void staffPagesNeedAPlatformRoleAndThenRunInThePlatformScope() throws Exception {
        TestUser customer = signUp();
        TestUser engineer = signUp();

        Seen refused = request(user(customer, null), "/platform/support/queue");
        Seen allowed = request(user(engineer, PlatformRole.SUPPORT_ENGINEER), "/platform/support/queue");

        assertThat(refused.status).isEqualTo(404);
        assertThat(allowed.status).isEqualTo(200);
        assertThat(allowed.scope).isEqualTo(TenantScope.platform());
    }

    private record Seen(int status, Caller caller, TenantScope scope) {
    }

    private SignedInUser user(TestUser user, PlatformRole platformRole) {
        return new SignedInUser(user.userId(), user.email(), user.email(), platformRole, true, null);
    }

    private Seen request(SignedInUser user, String path) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
        AtomicReference<Caller> caller = new AtomicReference<>();
        AtomicReference<TenantScope> scope = new AtomicReference<>();
        new TenantResolution(TenantResolution.Surface.CONSOLE, organizations, memberships, scopes)
                .doFilter(request, response, (req, res) -> {
                    caller.set(currentCaller.get());
                    scope.set(TenantContext.current());
                });
        assertThat(TenantContext.current()).as("the scope is cleared after the request").isEqualTo(TenantScope.none());
        return new Seen(response.getStatus(), caller.get(), scope.get());
    }
}
