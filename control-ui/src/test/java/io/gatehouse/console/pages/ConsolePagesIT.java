package io.gatehouse.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.sso.SingleSignOn;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.tokens.IssuedToken;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import jakarta.servlet.http.Cookie;

/**
 * The console pages through the whole application (real PostgreSQL, security chains, tenant resolution),
 * request by request: tenant isolation, one URL for page and fragment, secrets shown once, field messages.
 */
class ConsolePagesIT extends ConsoleIntegrationTest {

    private static final List<String> ORG_PAGES = List.of("", "/members", "/tokens", "/system-accounts", "/sso",
            "/audit-log");

    @Autowired
    Accounts accounts;
    @Autowired
    Memberships memberships;
    @Autowired
    TenantScopes scopes;
    @Autowired
    SingleSignOn singleSignOn;
    @Autowired
    PersonalAccessTokens tokens;

    // Two customers for the whole class: a sign-up hashes a password, which is slow on purpose.
    private static SignedUp alice;
    private static SignedUp bob;

    @BeforeEach
    void twoCustomers() {
        if (alice == null) {
            alice = signUp("alice");
            bob = signUp("bob");
        }
    }

    @Test
    void everyPageOfAnotherOrganizationIsNotFound() throws Exception {
        for (String page : ORG_PAGES) {
            String mine = "/orgs/" + alice.organization().getSlug() + page;
            String theirs = "/orgs/" + bob.organization().getSlug() + page;
            assertThat(perform(get(mine), alice).getStatus()).as(mine).isEqualTo(200);
            MockHttpServletResponse response = perform(get(theirs), alice);
            assertThat(response.getStatus()).as(theirs).isEqualTo(404);
            assertThat(response.getContentAsString()).doesNotContain(bob.organization().getName());
        }
    }

    @Test
    void aViewerSeesNoAdminPagesAndIsRefusedThem() throws Exception {
        Account viewer = accounts.create("viewer-" + UUID.randomUUID() + "@example.com", "Vi Ewer", null);
        scopes.run(TenantScope.org(alice.organization().orgId()),
                () -> memberships.add(alice.organization().orgId(), viewer.getId(), OrgRole.VIEWER));
        SignedInUser principal = new SignedInUser(viewer.getId(), viewer.getEmail(), viewer.getDisplayName(), null,
                true, null);
        String base = "/orgs/" + alice.organization().getSlug();

        String overview = mvc.perform(get(base).with(user(principal))).andReturn().getResponse().getContentAsString();
        assertThat(overview).contains("Members &amp; invitations", "Personal access tokens")
                .doesNotContain("System accounts", "SSO settings", "Audit log");
        for (String adminPage : List.of("/system-accounts", "/sso", "/audit-log")) {
            MockHttpServletResponse response = mvc.perform(get(base + adminPage).with(user(principal)))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).as(adminPage).isEqualTo(403);
            assertThat(response.getContentAsString()).contains("This needs the ADMIN role");
        }
        String members = mvc.perform(get(base + "/members").with(user(principal))).andReturn().getResponse()
                .getContentAsString();
        assertThat(members).contains("Vi Ewer").doesNotContain("Invite a member", "Change role");
    }

    @Test
    void aUserFoundsAnotherOrganizationAndThenPicksBetweenThem() throws Exception {
        SignedUp carol = signUp("carol");
        String slug = "carol-labs-" + UUID.randomUUID().toString().substring(0, 8);

        MockHttpServletResponse taken = perform(post("/orgs").with(csrf()).param("name", "Taken")
                .param("slug", bob.organization().getSlug()), carol);
        assertThat(taken.getStatus()).isEqualTo(400);
        assertThat(taken.getContentAsString()).contains("id=\"slug-error\"", "is taken");

        MockHttpServletResponse created = perform(post("/orgs").with(csrf()).param("name", "Carol Labs")
                .param("slug", slug), carol);
        assertThat(created.getRedirectedUrl()).isEqualTo("/orgs/" + slug);
        assertThat(perform(get("/"), carol).getRedirectedUrl()).isEqualTo("/orgs");
        assertThat(perform(get("/orgs"), carol).getContentAsString())
                .contains(carol.organization().getName(), "Carol Labs");
    }

    @Test
    void membersOfAnOrganizationWithSingleSignOnAreSentToItsProvider() throws Exception {
        SignedUp dora = signUp("dora");
        scopes.run(TenantScope.org(dora.organization().orgId()), () -> singleSignOn.put(dora.organization().orgId(),
                "https://login.example.com/realms/dora", "gatehouse", "client-secret", true));

        MockHttpServletResponse withSso = mvc.perform(get("/login").param("sso", dora.organization().getSlug()))
                .andReturn().getResponse();
        MockHttpServletResponse withoutSso = mvc.perform(get("/login").param("sso", bob.organization().getSlug()))
                .andReturn().getResponse();

        assertThat(withSso.getRedirectedUrl()).isEqualTo("/oauth2/authorization/" + dora.organization().getSlug());
        assertThat(withoutSso.getStatus()).isEqualTo(200);
        assertThat(withoutSso.getContentAsString()).contains("id=\"sso-error\"", "has no single sign-on");
    }

    @Test
    void revokingATokenSwapsItsRowWithHtmxAndRedirectsWithout() throws Exception {
        String base = "/orgs/" + alice.organization().getSlug() + "/tokens";
        SignedInUser principal = SignedInUser.of(alice.account());
        Caller caller = principal.caller().inOrg(alice.organization().orgId(), OrgRole.ADMIN);
        IssuedToken first = tokens.create(caller, caller.org(), "first", OrgRole.VIEWER, Duration.ofDays(1));
        IssuedToken second = tokens.create(caller, caller.org(), "second", OrgRole.VIEWER, Duration.ofDays(1));

        MockHttpServletResponse row = perform(post(base + "/" + first.details().id() + "/revoke").with(csrf())
                .header("HX-Request", "true"), alice);
        MockHttpServletResponse page = perform(post(base + "/" + second.details().id() + "/revoke").with(csrf()),
                alice);

        assertThat(row.getStatus()).isEqualTo(200);
        assertThat(row.getContentAsString().strip()).startsWith("<tr id=\"token-" + first.details().id() + "\"")
                .contains("Revoked").doesNotContain("<html", "<form");
        assertThat(page.getRedirectedUrl()).isEqualTo(base);
        assertThat(perform(get(base), alice).getContentAsString()).doesNotContain(first.token(), second.token());
    }

    @Test
    void theHomePageLeadsToTheOnlyOrganization() throws Exception {
        MockHttpServletResponse response = perform(get("/"), alice);

        assertThat(response.getRedirectedUrl()).isEqualTo("/orgs/" + alice.organization().getSlug());
    }

    @Test
    void theAuditLogIsAFullPageOrJustItsResultsForHtmx() throws Exception {
        String url = "/orgs/" + alice.organization().getSlug() + "/audit-log";

        String page = perform(get(url).param("entityType", "organization"), alice).getContentAsString();
        String fragment = perform(get(url).param("entityType", "organization").header("HX-Request", "true"), alice)
                .getContentAsString();

        assertThat(page).contains("<html", "Audit log", "Sign out", "id=\"audit-results\"", "1 event(s)");
        assertThat(fragment).startsWith("<section id=\"audit-results\"").contains("1 event(s)", "organization")
                .doesNotContain("<html", "Sign out", "<form");
    }

    @Test
    void aMalformedFilterIsShownNotFailed() throws Exception {
        MockHttpServletResponse response = perform(get("/orgs/" + alice.organization().getSlug() + "/audit-log")
                .param("from", "yesterday"), alice);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("id=\"from-error\"", "must be a date (YYYY-MM-DD)");
    }

    @Test
    void aSystemAccountSecretIsShownOnlyOnTheCreateResponse() throws Exception {
        String url = "/orgs/" + alice.organization().getSlug() + "/system-accounts";

        MockHttpServletResponse created = perform(post(url).with(csrf()).param("name", "deployer").param("role",
                "EDITOR"), alice);

        assertThat(created.getStatus()).isEqualTo(200);
        assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
        Matcher secret = Pattern.compile("gh_sas_[A-Za-z0-9_-]+").matcher(created.getContentAsString());
        assertThat(secret.find()).isTrue();
        String list = perform(get(url), alice).getContentAsString();
        assertThat(list).contains("deployer").doesNotContain(secret.group());
    }

    @Test
    void anInvalidSsoIssuerIsShownNextToItsField() throws Exception {
        MockHttpServletResponse response = perform(post("/orgs/" + alice.organization().getSlug() + "/sso")
                .with(csrf()).param("issuer", "not a url").param("clientId", "gatehouse")
                .param("clientSecret", "s3cret"), alice);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString())
                .contains("id=\"issuer-error\"", "must be an http(s) URL of the OpenID provider")
                .doesNotContain("s3cret");
    }

    @Test
    void anOverlongTokenNameIsAFieldMessageNotAnError() throws Exception {
        MockHttpServletResponse response = perform(post("/orgs/" + alice.organization().getSlug() + "/tokens")
                .with(csrf()).param("name", "x".repeat(101)).param("role", "VIEWER").param("expiresInDays", "400"),
                alice);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString())
                .contains("id=\"name-error\"", "size must be between 0 and 100", "id=\"expiresInDays-error\"",
                        "must be less than or equal to 366")
                .doesNotContain("id=\"new-token\"");
    }

    @Test
    void valuesOfTheWrongTypeAreFieldMessagesNotErrors() throws Exception {
        MockHttpServletResponse response = perform(post("/orgs/" + alice.organization().getSlug() + "/tokens")
                .with(csrf()).param("name", "ci").param("role", "ADMINISTRATOR").param("expiresInDays", "many"),
                alice);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString())
                .contains("id=\"role-error\"", "is not a valid value", "id=\"expiresInDays-error\"",
                        "must be a whole number");
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() throws Exception {
        MockHttpServletResponse response = perform(post("/orgs/" + alice.organization().getSlug() + "/tokens")
                .param("name", "sneaky").param("role", "VIEWER").param("expiresInDays", "1"), alice);

        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void repeatedFailedSignInsAreThrottledWithAMessageSayingHowLongToWait() throws Exception {
        // The session lives in the database (Spring Session), so the browser's cookie is what carries it.
        String email = "guesser-" + UUID.randomUUID() + "@example.com";
        Cookie[] cookies = null;
        String target = null;
        for (int attempt = 0; attempt < 10 && !"/login?locked".equals(target); attempt++) {
            MockHttpServletRequestBuilder signIn = post("/login").with(csrf())
                    .param("username", email).param("password", "not the password");
            MockHttpServletResponse response = mvc.perform(cookies == null ? signIn : signIn.cookie(cookies))
                    .andReturn().getResponse();
            target = response.getRedirectedUrl();
            cookies = response.getCookies().length > 0 ? response.getCookies() : cookies;
        }
        assertThat(target).isEqualTo("/login?locked");

        String page = mvc.perform(get("/login").param("locked", "").cookie(cookies))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"login-error\"", "Too many failed sign-ins. Try again in");
    }
}
