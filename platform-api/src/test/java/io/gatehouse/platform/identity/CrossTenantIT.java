package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.JsonNode;

/**
 * Another organization's resources do not exist for a caller: every endpoint answers 404 for another org's slug
 * or id, and for another org's member, invitation, system account or token ids under the caller's own org.
 * Nothing of the other org changes.
 */
class CrossTenantIT extends IdentityITSupport {

    @Autowired
    TenantScopes scopes;
    @Autowired
    Memberships memberships;

    @Test
    void everyEndpointAnswers404ForAnotherOrganization() throws Exception {
        TestUser alice = signUp();
        TestUser bob = signUp();
        String aliceToken = pat(alice);
        String bobToken = pat(bob);
        String bobAccount = body(mvc.perform(bearer(json(post("/api/v1/organizations/" + bob.slug() + "/system-accounts"),
                "{\"name\":\"bob robot\",\"role\":\"ADMIN\"}"), bobToken)).andReturn()).get("account").get("id").asString();
        String bobInvitation = body(mvc.perform(bearer(json(post("/api/v1/organizations/" + bob.slug() + "/invitations"),
                "{\"email\":\"friend-of-bob@example.test\",\"role\":\"VIEWER\"}"), bobToken)).andReturn()).get("id").asString();
        UUID bobTokenId = tokens.create(SignedInUser.of(accounts.get(bob.userId())).caller(), bob.org(), "bob's",
                OrgRole.VIEWER, java.time.Duration.ofDays(1)).details().id();
        String aliceRobotJwt = systemAccountJwt(alice, aliceToken);

        List<String> failures = new ArrayList<>();
        for (String ref : List.of(bob.slug(), bob.org().toString())) {
            String base = "/api/v1/organizations/" + ref;
            List<MockHttpServletRequestBuilder> requests = List.of(
                    get(base),
                    json(patch(base), "{\"name\":\"Taken over\"}"),
                    delete(base),
                    get(base + "/members"),
                    json(patch(base + "/members/" + bob.userId()), "{\"role\":\"VIEWER\"}"),
                    delete(base + "/members/" + bob.userId()),
                    json(post(base + "/invitations"), "{\"email\":\"spy@example.test\",\"role\":\"ADMIN\"}"),
                    get(base + "/invitations"),
                    delete(base + "/invitations/" + bobInvitation),
                    json(post(base + "/system-accounts"), "{\"name\":\"spy\",\"role\":\"ADMIN\"}"),
                    get(base + "/system-accounts"),
                    delete(base + "/system-accounts/" + bobAccount),
                    get(base + "/audit-log"),
                    get(base + "/sso"),
                    json(put(base + "/sso"), "{\"issuer\":\"https://idp.example.test\",\"clientId\":\"x\",\"clientSecret\":\"y\",\"enabled\":true}"));
            for (MockHttpServletRequestBuilder request : requests) {
                expect404(request, aliceToken, "alice's token", failures);
                expect404(request, aliceRobotJwt, "alice's system account", failures);
            }
        }
        String own = "/api/v1/organizations/" + alice.slug();
        expect404(json(patch(own + "/members/" + bob.userId()), "{\"role\":\"VIEWER\"}"), aliceToken, "bob as alice's member", failures);
        expect404(delete(own + "/members/" + bob.userId()), aliceToken, "bob as alice's member", failures);
        expect404(delete(own + "/invitations/" + bobInvitation), aliceToken, "bob's invitation", failures);
        expect404(delete(own + "/system-accounts/" + bobAccount), aliceToken, "bob's system account", failures);
        expect404(delete("/api/v1/personal-access-tokens/" + bobTokenId), aliceToken, "bob's token", failures);

        assertThat(failures).isEmpty();
        JsonNode visible = body(mvc.perform(bearer(get("/api/v1/organizations"), aliceToken)).andReturn());
        assertThat(visible.findValuesAsString("slug")).containsExactly(alice.slug());
        JsonNode bobOrg = body(mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug()), bobToken)).andReturn());
        assertThat(bobOrg.get("name").asString()).startsWith("Org ");
        assertThat(body(mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug() + "/system-accounts"), bobToken))
                .andReturn())).hasSize(1);
        assertThat(body(mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug() + "/invitations"), bobToken))
                .andReturn()).get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(body(mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug() + "/members"), bobToken))
                .andReturn())).hasSize(1);
    }

    @Test
    void aTokenActsOnlyInItsOwnOrganizationEvenWhereItsUserIsAMember() throws Exception {
        TestUser alice = signUp();
        TestUser bob = signUp();
        scopes.run(TenantScope.org(bob.org()), () -> memberships.add(bob.org(), alice.userId(), OrgRole.ADMIN));
        String aliceInHerOrg = pat(alice);

        MvcResult other = mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug()), aliceInHerOrg)).andReturn();
        MvcResult bound = mvc.perform(bearer(get("/api/v1/organizations/" + bob.slug()), pat(alice, bob.org(), OrgRole.VIEWER)))
                .andReturn();

        assertThat(other.getResponse().getStatus()).isEqualTo(404);
        assertThat(bound.getResponse().getStatus()).isEqualTo(200);
        assertThat(memberships.organizationsOf(alice.userId())).extracting(m -> m.slug() + ":" + m.role())
                .containsExactlyInAnyOrder(alice.slug() + ":ADMIN", bob.slug() + ":ADMIN");
        assertThat(memberships.organizationsOf(bob.userId())).extracting(m -> m.slug()).containsExactly(bob.slug());
    }

    private void expect404(MockHttpServletRequestBuilder request, String token, String who, List<String> failures)
            throws Exception {
        MvcResult result = mvc.perform(bearer(request, token)).andReturn();
        var mock = request.buildRequest(new org.springframework.mock.web.MockServletContext());
        if (result.getResponse().getStatus() != 404
                || !String.valueOf(result.getResponse().getContentType()).startsWith("application/problem+json")) {
            failures.add(who + ": " + mock.getMethod() + " " + mock.getRequestURI() + " -> "
                    + result.getResponse().getStatus());
        }
    }

    private String systemAccountJwt(TestUser user, String adminToken) throws Exception {
        JsonNode created = body(mvc.perform(bearer(json(post("/api/v1/organizations/" + user.slug() + "/system-accounts"),
                "{\"name\":\"robot\",\"role\":\"ADMIN\"}"), adminToken)).andReturn());
        MvcResult token = mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic(
                        created.get("account").get("clientId").asString(), created.get("clientSecret").asString())))
                .andReturn();
        return body(token).get("access_token").asString();
    }
}
