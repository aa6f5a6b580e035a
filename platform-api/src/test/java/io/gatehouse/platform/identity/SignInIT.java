package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.members.SignUp;
import jakarta.servlet.http.Cookie;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.testsupport.IdentityFixtures;

/** Console sign-up and sign-in: the form login, its session in the database, CSRF and throttling. */
class SignInIT extends IdentityITSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void signUpThenSignInThenCreateATokenThenCallTheApi() throws Exception {
        TestUser user = signUp();

        MvcResult signIn = login(user.email(), PASSWORD, randomAddress(), null);

        assertThat(signIn.getResponse().getStatus()).isEqualTo(302);
        assertThat(signIn.getResponse().getRedirectedUrl()).isEqualTo("/");
        Cookie session = sessionCookie(signIn);
        assertThat(session).isNotNull();
        String setCookie = String.join("\n", signIn.getResponse().getHeaders("Set-Cookie"));
        assertThat(setCookie).contains("GATEHOUSE_SESSION=").contains("HttpOnly").contains("SameSite=Lax");
        Integer stored = tx.execute(s -> jdbc.queryForObject(
                "select count(*) from spring_session where principal_name = ?", Integer.class, user.email()));
        assertThat(stored).as("the session lives in the database").isPositive();
        assertThat(signedIn(session)).isTrue();

        Caller caller = SignedInUser.of(accounts.get(user.userId())).caller();
        String token = tokens.create(caller, user.org(), "ci", OrgRole.EDITOR, java.time.Duration.ofDays(30)).token();
        MvcResult api = mvc.perform(bearer(get("/api/v1/organizations/" + user.slug()), token)).andReturn();

        assertThat(token).startsWith("gh_pat_");
        assertThat(api.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(api).get("slug").asString()).isEqualTo(user.slug());
    }

    @Test
    void theSessionIdChangesAtSignIn() throws Exception {
        TestUser user = signUp();
        Cookie anonymous = sessionCookie(mvc.perform(get("/orgs/" + user.slug() + "/members")).andReturn());
        assertThat(anonymous).as("visiting a protected page starts a session").isNotNull();

        Cookie afterSignIn = sessionCookie(login(user.email(), PASSWORD, randomAddress(), anonymous));

        assertThat(afterSignIn.getValue()).isNotEqualTo(anonymous.getValue());
        assertThat(signedIn(anonymous)).as("the old session id is worthless").isFalse();
        assertThat(signedIn(afterSignIn)).isTrue();
    }

    @Test
    void aWrongPasswordSendsBackToTheSignInPage() throws Exception {
        TestUser user = signUp();

        MvcResult result = login(user.email(), "not the password", randomAddress(), null);

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(sessionCookie(result) == null || !signedIn(sessionCookie(result))).isTrue();
    }

    @Test
    void signInWithoutCsrfTokenIsRefused() throws Exception {
        TestUser user = signUp();

        MvcResult result = mvc.perform(post("/login").param("username", user.email()).param("password", PASSWORD))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void afterFiveFailuresTheAccountIsLockedEvenForTheRightPassword() throws Exception {
        TestUser user = signUp();
        String address = randomAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(login(user.email(), "wrong-" + i, address, null).getResponse().getRedirectedUrl())
                    .isEqualTo("/login?error");
        }

        MvcResult locked = login(user.email(), PASSWORD, randomAddress(), null);

        assertThat(locked.getResponse().getRedirectedUrl()).isEqualTo("/login?locked");
        assertThat(signedIn(sessionCookie(locked))).isFalse();
    }

    @Test
    void manyFailuresFromOneAddressLockThatAddress() throws Exception {
        String address = randomAddress();
        for (int i = 0; i < 20; i++) {
            login("nobody-" + IdentityFixtures.suffix() + "@example.test", "guess", address, null);
        }
        TestUser user = signUp();

        assertThat(login(user.email(), PASSWORD, address, null).getResponse().getRedirectedUrl())
                .isEqualTo("/login?locked");
        assertThat(login(user.email(), PASSWORD, randomAddress(), null).getResponse().getRedirectedUrl())
                .as("other addresses still sign in").isEqualTo("/");
    }

    @Test
    void consolePagesNeedASignedInUser() throws Exception {
        MvcResult result = mvc.perform(get("/orgs/anything/members")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        TestUser user = signUp();
        Cookie session = sessionCookie(login(user.email(), PASSWORD, randomAddress(), null));

        MvcResult logout = mvc.perform(post("/logout").cookie(session).with(csrf())).andReturn();

        assertThat(logout.getResponse().getRedirectedUrl()).isEqualTo("/login?logout");
        assertThat(signedIn(session)).isFalse();
    }

    /** Whether the session cookie belongs to a signed-in user: a protected page is then not a redirect to sign in. */
    private boolean signedIn(Cookie session) throws Exception {
        if (session == null) {
            return false;
        }
        MvcResult result = mvc.perform(get("/").cookie(session)).andReturn();
        return result.getResponse().getStatus() != 302;
    }

    @Test
    void signUpRejectsBadInputWithFieldMessagesAndWritesNothing() {
        String email = "bad-" + IdentityFixtures.suffix() + "@example.test";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signUps.signUp(new SignUp(email, "", "short", "x".repeat(201), "Bad Slug")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field())
                        .contains("name", "password", "organizationName", "organizationSlug"));
        assertThat(accounts.findByEmail(email)).isEmpty();
    }

    @Test
    void signUpWithATakenSlugCreatesNoUser() {
        TestUser first = signUp();
        String email = "second-" + IdentityFixtures.suffix() + "@example.test";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signUps.signUp(
                        new SignUp(email, "Second", PASSWORD, "Org", first.slug())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("organizationSlug"));
        assertThat(accounts.findByEmail(email)).isEmpty();
    }
}
