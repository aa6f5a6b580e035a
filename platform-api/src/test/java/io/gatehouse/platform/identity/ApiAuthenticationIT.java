package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.oauth.Bootstrap;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.tokens.IssuedToken;
import tools.jackson.databind.JsonNode;

/** Who may call the API: personal access tokens, system-account JWTs, the bootstrap client; 401 and 403. */
class ApiAuthenticationIT extends IdentityITSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantScopes scopes;
    @Autowired
    Memberships memberships;
    @Autowired
    Bootstrap bootstrap;

    @Test
    void withoutATokenTheApiAnswers401ProblemWithABearerChallenge() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/organizations")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(401);
        assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body(result).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void anUnknownTokenIs401() throws Exception {
        assertThat(status(get("/api/v1/organizations"), "gh_pat_" + "x".repeat(40))).isEqualTo(401);
        assertThat(status(get("/api/v1/organizations"), "not.a.jwt")).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        TestUser user = signUp();
        IssuedToken issued = tokens.create(caller(user), user.org(), "expiring", OrgRole.VIEWER, Duration.ofDays(1));
        assertThat(status(get("/api/v1/organizations/" + user.slug()), issued.token())).isEqualTo(200);

        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(s -> jdbc.update(
                "update platform_access_token set expires_at = now() - interval '1 second' where id = ?",
                issued.details().id())));

        assertThat(status(get("/api/v1/organizations/" + user.slug()), issued.token())).isEqualTo(401);
    }

    @Test
    void aRevokedTokenIs401AndTheListShowsItRevokedWithItsLastUse() throws Exception {
        TestUser user = signUp();
        String admin = pat(user);
        IssuedToken issued = tokens.create(caller(user), user.org(), "to revoke", OrgRole.VIEWER, Duration.ofDays(1));
        assertThat(status(get("/api/v1/organizations/" + user.slug()), issued.token())).isEqualTo(200);

        MvcResult revoke = mvc.perform(bearer(delete("/api/v1/personal-access-tokens/" + issued.details().id()), admin))
                .andReturn();

        assertThat(revoke.getResponse().getStatus()).isEqualTo(200);
        assertThat(status(get("/api/v1/organizations/" + user.slug()), issued.token())).isEqualTo(401);
        JsonNode list = body(mvc.perform(bearer(get("/api/v1/personal-access-tokens"), admin)).andReturn());
        JsonNode revoked = null;
        for (JsonNode token : list) {
            if (token.get("id").asString().equals(issued.details().id().toString())) {
                revoked = token;
            }
        }
        assertThat(revoked).isNotNull();
        assertThat(revoked.get("active").asBoolean()).isFalse();
        assertThat(revoked.get("lastUsedAt").isNull()).isFalse();
        assertThat(revoked.has("token")).as("the token itself is never listed").isFalse();
    }

    @Test
    void aTokenIsCreatedThroughTheApiAndShownOnce() throws Exception {
        TestUser user = signUp();
        String admin = pat(user);

        MvcResult created = mvc.perform(bearer(json(post("/api/v1/personal-access-tokens"),
                "{\"name\":\"deploy\",\"organization\":\"" + user.slug() + "\",\"role\":\"VIEWER\",\"expiresInDays\":7}"),
                admin)).andReturn();

        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        String token = body(created).get("token").asString();
        assertThat(token).startsWith("gh_pat_");
        Integer plainStored = scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from platform_access_token where token_hash = ? or token_hint = ?", Integer.class,
                token, token)));
        assertThat(plainStored).as("only the hash is stored").isZero();
        assertThat(status(get("/api/v1/organizations/" + user.slug()), token)).isEqualTo(200);
    }

    @Test
    void aTokenCannotExceedItsUsersRoleAndShrinksWhenTheUserIsDemoted() throws Exception {
        TestUser owner = signUp();
        TestUser member = signUp();
        scopes.run(TenantScope.org(owner.org()), () -> memberships.add(owner.org(), member.userId(), OrgRole.ADMIN));
        String memberToken = pat(member, owner.org(), OrgRole.ADMIN);
        assertThat(status(json(patch("/api/v1/organizations/" + owner.slug()), "{\"name\":\"Renamed\"}"), memberToken))
                .isEqualTo(200);

        scopes.run(TenantScope.org(owner.org()), () -> memberships.changeRole(owner.org(), member.userId(), OrgRole.VIEWER));

        assertThat(status(json(patch("/api/v1/organizations/" + owner.slug()), "{\"name\":\"Again\"}"), memberToken))
                .isEqualTo(403);
        assertThat(status(get("/api/v1/organizations/" + owner.slug()), memberToken)).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pat(member, owner.org(), OrgRole.EDITOR))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo("role"));

        scopes.run(TenantScope.org(owner.org()), () -> memberships.remove(owner.org(), member.userId()));

        assertThat(status(get("/api/v1/organizations/" + owner.slug()), memberToken))
                .as("a removed member's tokens stop working").isEqualTo(401);
    }

    @Test
    void aTokenCannotMintAStrongerTokenOrOneForAnotherOrganization() throws Exception {
        TestUser user = signUp();
        TestUser other = signUp();
        scopes.run(TenantScope.org(other.org()), () -> memberships.add(other.org(), user.userId(), OrgRole.ADMIN));
        String viewer = pat(user, user.org(), OrgRole.VIEWER);

        MvcResult stronger = mvc.perform(bearer(json(post("/api/v1/personal-access-tokens"),
                "{\"name\":\"up\",\"organization\":\"" + user.slug() + "\",\"role\":\"ADMIN\",\"expiresInDays\":1}"),
                viewer)).andReturn();
        MvcResult elsewhere = mvc.perform(bearer(json(post("/api/v1/personal-access-tokens"),
                "{\"name\":\"away\",\"organization\":\"" + other.slug() + "\",\"role\":\"VIEWER\",\"expiresInDays\":1}"),
                viewer)).andReturn();
        MvcResult newOrg = mvc.perform(bearer(json(post("/api/v1/organizations"),
                "{\"slug\":\"ro-" + user.slug() + "\",\"name\":\"Read only\"}"), viewer)).andReturn();

        assertThat(stronger.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(stronger).get("errors").get(0).get("field").asString()).isEqualTo("role");
        assertThat(elsewhere.getResponse().getStatus()).isEqualTo(404);
        assertThat(newOrg.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aUserCreatesAnOrganizationAndAdministersIt() throws Exception {
        TestUser user = signUp();
        String slug = "new-" + user.slug();

        MvcResult created = mvc.perform(bearer(json(post("/api/v1/organizations"),
                "{\"slug\":\"" + slug + "\",\"name\":\"Second org\"}"), pat(user))).andReturn();

        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        var org = io.gatehouse.platform.tenancy.OrgId.of(body(created).get("id").asString());
        assertThat(memberships.organizationsOf(user.userId())).extracting(m -> m.slug() + ":" + m.role())
                .contains(slug + ":ADMIN");
        assertThat(status(get("/api/v1/organizations/" + slug + "/members"), pat(user, org, OrgRole.ADMIN))).isEqualTo(200);
    }

    @Test
    void aViewerGets403ForWrites() throws Exception {
        TestUser user = signUp();
        String viewer = pat(user, user.org(), OrgRole.VIEWER);

        assertThat(status(json(post("/api/v1/organizations/" + user.slug() + "/invitations"),
                "{\"email\":\"x@example.test\",\"role\":\"VIEWER\"}"), viewer)).isEqualTo(403);
        assertThat(status(delete("/api/v1/organizations/" + user.slug()), viewer)).isEqualTo(403);
        assertThat(status(get("/api/v1/organizations/" + user.slug() + "/audit-log"), viewer)).isEqualTo(403);
    }

    @Test
    void aUserHoldsAtMostTheConfiguredNumberOfActiveTokens() {
        TestUser user = signUp();
        for (int i = 0; i < 25; i++) {
            pat(user);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pat(user)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("25");
    }

    @Test
    void aSystemAccountGetsAJwtAtTheTokenEndpointAndCallsTheApiWithIt() throws Exception {
        TestUser user = signUp();
        String admin = pat(user);
        MvcResult created = mvc.perform(bearer(json(post("/api/v1/organizations/" + user.slug() + "/system-accounts"),
                "{\"name\":\"ci robot\",\"role\":\"EDITOR\"}"), admin)).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        String clientId = body(created).get("account").get("clientId").asString();
        String secret = body(created).get("clientSecret").asString();

        String jwt = clientCredentials(clientId, secret);

        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.get("org").asString()).isEqualTo(user.org().toString());
        assertThat(claims.get("roles").get(0).asString()).isEqualTo("EDITOR");
        assertThat(status(get("/api/v1/organizations/" + user.slug()), jwt)).isEqualTo(200);
        assertThat(status(get("/api/v1/organizations/" + user.slug() + "/members"), jwt)).isEqualTo(200);
        assertThat(status(json(post("/api/v1/organizations/" + user.slug() + "/system-accounts"),
                "{\"name\":\"escalate\",\"role\":\"ADMIN\"}"), jwt)).as("an editor is not an admin").isEqualTo(403);
        JsonNode audit = body(mvc.perform(bearer(get("/api/v1/organizations/" + user.slug()
                + "/audit-log?entity_type=system_account"), admin)).andReturn());
        assertThat(audit.get("items").get(0).get("actorName").asString()).isEqualTo(user.email());
        assertThat(audit.get("items").get(0).get("actorType").asString()).isEqualTo("TOKEN");

        String id = body(created).get("account").get("id").asString();
        assertThat(status(delete("/api/v1/organizations/" + user.slug() + "/system-accounts/" + id), admin)).isEqualTo(204);

        assertThat(status(get("/api/v1/organizations/" + user.slug()), jwt))
                .as("a deleted system account's token stops at once").isEqualTo(401);
    }

    @Test
    void aWrongClientSecretGetsNoToken() throws Exception {
        MvcResult result = mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(BOOTSTRAP_CLIENT_ID, "wrong"))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void theBootstrapClientIsAPlatformAdminInEveryOrganization() throws Exception {
        TestUser user = signUp();
        String jwt = clientCredentials(BOOTSTRAP_CLIENT_ID, BOOTSTRAP_CLIENT_SECRET);

        JsonNode all = body(mvc.perform(bearer(get("/api/v1/organizations"), jwt)).andReturn());
        assertThat(all.findValuesAsString("slug")).contains(user.slug());
        assertThat(status(get("/api/v1/organizations/" + user.slug() + "/members"), jwt)).isEqualTo(200);
    }

    @Test
    void bootstrapIsIdempotent() {
        bootstrap.run();
        bootstrap.run();

        Integer admins = tx.execute(s -> jdbc.queryForObject(
                "select count(*) from platform_user where lower(email) = lower(?) and platform_role = 'PLATFORM_ADMIN'",
                Integer.class, BOOTSTRAP_ADMIN_EMAIL));
        Integer clients = tx.execute(s -> jdbc.queryForObject(
                "select count(*) from oauth2_registered_client where client_id = ?", Integer.class, BOOTSTRAP_CLIENT_ID));
        assertThat(admins).isEqualTo(1);
        assertThat(clients).isEqualTo(1);
        assertThat(accounts.passwordMatches(accounts.findByEmail(BOOTSTRAP_ADMIN_EMAIL).orElseThrow(),
                BOOTSTRAP_ADMIN_PASSWORD)).isTrue();
    }

    @Test
    void theBootstrapAdminSignsInToTheConsole() throws Exception {
        MvcResult result = login(BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD, randomAddress(), null);

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    private String clientCredentials(String clientId, String secret) throws Exception {
        MvcResult token = mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(httpBasic(clientId, secret))).andReturn();
        assertThat(token.getResponse().getStatus()).as(token.getResponse().getContentAsString()).isEqualTo(200);
        return body(token).get("access_token").asString();
    }

    private Caller caller(TestUser user) {
        return SignedInUser.of(accounts.get(user.userId())).caller();
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String token)
            throws Exception {
        return mvc.perform(bearer(request, token)).andReturn().getResponse().getStatus();
    }

}
