package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.web.servlet.MvcResult;

import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.oauth.ApplicationClients;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.CredentialKind;
import io.gatehouse.platform.portal.apps.IssuedCredential;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import tools.jackson.databind.JsonNode;

/**
 * OAuth2 client-credentials plans end to end, with a real gateway connected over config sync: an approved
 * registration's application gets a client from the platform's authorization server, trades its id and secret for
 * a JWT at {@code /oauth2/token}, and calls its product through the gateway with {@code Authorization: Bearer}
 * (200); no token or a garbage token is a 401, a product the application is not registered for a 403; a rotated
 * secret replaces the old one at the token endpoint; revoking the client (developer or console) is a 401 within
 * seconds, and an application's deletion removes its client from the authorization server.
 */
@Timeout(180)
class PortalOAuthGatewayIT extends PortalGatewayITSupport {

    @Test
    void anApprovedApplicationsTokenWorksOnItsProductOnlyUntilTheClientIsRevoked() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, upstreamUrl(), "orders", "billing");
        UUID orders = id(oauthVersion(org, cp, "orders", "manual"));
        id(oauthVersion(org, cp, "billing", "auto"));
        Developer developer = verifiedDeveloper(org);
        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Robot", null));
        Registration registration = registrations.request(org.admin().org(), developer.id(), app.id(), orders,
                catalog.plans(org.admin().org(), orders).get(0).id());
        assertThat(registration.status()).isEqualTo(RegistrationStatus.PENDING);
        apiPost(org, "/portal/registrations/" + registration.id() + "/approve", "{}", 200);

        IssuedCredential client = credentials.issueClient(org.admin().org(), developer.id(), app.id());
        String clientId = client.credential().clientId();
        assertThat(client.credential().kind()).isEqualTo(CredentialKind.OAUTH2_CLIENT);
        assertThat(clientId).startsWith(ApplicationClients.CLIENT_ID_PREFIX);
        assertThat(client.secret()).startsWith(ApplicationClients.SECRET_PREFIX);
        assertThatThrownBy(() -> credentials.issueClient(org.admin().org(), developer.id(), app.id()))
                .as("one working client per application").isInstanceOf(ConflictException.class);

        String token = token(clientId, client.secret());
        JsonNode claims = claims(token);
        assertThat(claims.get("sub").asString()).isEqualTo(clientId);
        assertThat(claims.get("app").asString()).isEqualTo(app.id().toString());
        assertThat(claims.has("roles")).as("no platform role in an application's token").isFalse();
        mvc.perform(bearer(get("/api/v1/control-planes"), token))
                .andExpect(status().isUnauthorized());

        SyncedGateway gateway = gateway(org, cp);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(gateway, "/orders/1", "Bearer " + token) == 200);
        assertThat(call(gateway, "/billing/1", "Bearer " + token)).as("a product the app is not registered for")
                .isEqualTo(403);
        assertThat(call(gateway, "/orders/1", null)).as("no token").isEqualTo(401);
        assertThat(call(gateway, "/orders/1", "Bearer not.a.jwt")).as("a garbage token").isEqualTo(401);
        assertThat(call(gateway, "/orders/1", "Bearer " + forged(token))).as("a token with a changed claim")
                .isEqualTo(401);

        // The console sees the client (never its secret).
        JsonNode listed = body(mvc.perform(bearer(get(org.base() + "/portal/applications/" + app.id() + "/credentials"),
                org.token())).andReturn()).get("data");
        assertThat(listed.get(0).get("kind").asString()).isEqualTo("oauth2-client");
        assertThat(listed.get(0).get("client_id").asString()).isEqualTo(clientId);
        assertThat(listed.toString()).doesNotContain(client.secret());

        // Rotating the secret: the old one is refused at the token endpoint, the new one gets tokens that work.
        IssuedCredential rotated = credentials.rotateSecret(org.admin().org(), developer.id(), client.credential().id());
        assertThat(rotated.credential().clientId()).isEqualTo(clientId);
        tokenRequest(clientId, client.secret(), 401);
        String fresh = token(clientId, rotated.secret());
        assertThat(call(gateway, "/orders/1", "Bearer " + fresh)).isEqualTo(200);

        // Revoking the client: the token endpoint refuses it and the gateway refuses its tokens within seconds.
        credentials.revoke(org.admin().org(), developer.id(), client.credential().id());
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/orders/1", "Bearer " + fresh) == 401);
        tokenRequest(clientId, rotated.secret(), 401);
    }

    @Test
    void revokingTheRegistrationOrDeletingTheApplicationRemovesTheClient() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, upstreamUrl(), "search");
        UUID search = id(oauthVersion(org, cp, "search", "auto"));
        Developer developer = verifiedDeveloper(org);
        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Crawler", null));
        Registration registration = registrations.request(org.admin().org(), developer.id(), app.id(), search,
                catalog.plans(org.admin().org(), search).get(0).id());
        IssuedCredential client = credentials.issueClient(org.admin().org(), developer.id(), app.id());
        String token = token(client.credential().clientId(), client.secret());
        String jwts = "/api/v1/control-planes/" + cp + "/consumers/portal-app-" + app.id() + "/jwt?tags=portal";
        JsonNode credential = body(mvc.perform(bearer(get(jwts), org.token())).andReturn()).get("data").get(0);
        assertThat(credential.get("key").asString()).isEqualTo(client.credential().clientId());
        assertThat(credential.get("algorithm").asString()).isEqualTo("RS256");
        assertThat(credential.get("rsa_public_key").asString()).startsWith("-----BEGIN PUBLIC KEY-----");

        SyncedGateway gateway = gateway(org, cp);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(gateway, "/search/q", "Bearer " + token) == 200);
        apiPost(org, "/portal/registrations/" + registration.id() + "/revoke", "{\"reason\":\"abuse\"}", 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/search/q", "Bearer " + token) == 401);

        // The console revokes the client through the API: the token endpoint refuses it at once.
        JsonNode revoked = body(mvc.perform(bearer(delete(
                org.base() + "/portal/applications/" + app.id() + "/credentials/" + client.credential().id()), org.token()))
                .andExpect(status().isOk()).andReturn());
        assertThat(revoked.get("revoked_at").isNull()).isFalse();
        tokenRequest(client.credential().clientId(), client.secret(), 401);

        // Deleting the application removes its client from the authorization server too.
        IssuedCredential second = credentials.issueClient(org.admin().org(), developer.id(), app.id());
        token(second.credential().clientId(), second.secret());
        applications.delete(org.admin().org(), developer.id(), app.id());
        tokenRequest(second.credential().clientId(), second.secret(), 401);
    }

    @Test
    void aVersionsPlansAndItsServiceCheckOneKindOfCredential() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, upstreamUrl(), "shared");
        JsonNode keyed = publishedVersion(org, cp, "shared", "auto", null);
        String keyedPath = "/api-products/" + keyed.get("product_id").asString() + "/versions/" + keyed.get("id").asString();
        JsonNode mixed = apiPost(org, keyedPath + "/plans",
                "{\"name\":\"robots\",\"auth\":\"oauth2-client-credentials\",\"approval\":\"auto\"}", 409);
        assertThat(mixed.get("detail").asString()).contains("share one kind of credential");

        // Another product's OAuth version on the same service: the service already checks API keys.
        String slug = "p-" + IdentityFixtures.suffix();
        String path = draftVersion(org, cp, slug, "Other", "shared");
        putYaml(org, path + "/openapi", PETSTORE, 200);
        apiPost(org, path + "/plans", "{\"name\":\"robots\",\"auth\":\"oauth2-client-credentials\",\"approval\":\"auto\"}",
                201);
        JsonNode clash = apiPut(org, path + "/status", "{\"status\":\"published\"}", 409);
        assertThat(clash.get("detail").asString()).contains("already checks API keys");
    }

    /** A product with one published version on {@code service} and an OAuth2 client-credentials plan. */
    private JsonNode oauthVersion(Org org, String cp, String service, String approval) throws Exception {
        return publishedVersion(org, cp, service, "{\"name\":\"machines\",\"auth\":\"oauth2-client-credentials\","
                + "\"approval\":\"" + approval + "\"}");
    }

    private String token(String clientId, String secret) throws Exception {
        JsonNode response = body(tokenRequest(clientId, secret, 200));
        assertThat(response.get("token_type").asString()).isEqualToIgnoringCase("Bearer");
        return response.get("access_token").asString();
    }

    private MvcResult tokenRequest(String clientId, String secret, int expected) throws Exception {
        return mvc.perform(post("/oauth2/token").param("grant_type", "client_credentials").with(httpBasic(clientId, secret)))
                .andExpect(status().is(expected))
                .andReturn();
    }

    private static JsonNode claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload);
    }

    /** The token with its {@code app} claim changed and the original signature: the signature no longer matches. */
    private static String forged(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"app\":\"[^\"]+\"", "\"app\":\"" + UUID.randomUUID() + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private int call(SyncedGateway gateway, String path, String authorization) throws Exception {
        return gateways.status(gateway, path, "Authorization", authorization);
    }
}
