package io.gatehouse.platform.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import com.sun.net.httpserver.HttpServer;


import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.JsonNode;

/**
 * Per-organization SSO: settings through the API (the secret is stored encrypted and never returned), client
 * registrations loaded from the database through the provider's discovery document, and the sign-in redirect.
 * The provider is a real HTTP server on an ephemeral port serving an OpenID discovery document.
 */
class SsoIT extends IdentityITSupport {

    @Autowired
    ClientRegistrationRepository registrations;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantScopes scopes;

    @Autowired
    SsoLogin ssoLogin;

    private HttpServer provider;
    private String issuer;
    private volatile String userInfoEmail = "nobody@example.test";

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
        provider.createContext("/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                    + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                    + "\"userinfo_endpoint\":\"" + issuer + "/userinfo\",\"response_types_supported\":[\"code\"],"
                    + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.createContext("/userinfo", exchange -> {
            byte[] body = ("{\"sub\":\"subject-1\",\"email\":\"" + userInfoEmail + "\",\"email_verified\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    @Test
    void settingsKeepTheSecretEncryptedAndNeverShowIt() throws Exception {
        TestUser admin = signUp();
        String token = pat(admin);
        String secret = "very-secret-client-secret";

        MvcResult saved = mvc.perform(bearer(json(put("/api/v1/organizations/" + admin.slug() + "/sso"),
                "{\"issuer\":\"" + issuer + "\",\"clientId\":\"gatehouse\",\"clientSecret\":\"" + secret
                        + "\",\"enabled\":true}"), token)).andReturn();
        MvcResult read = mvc.perform(bearer(get("/api/v1/organizations/" + admin.slug() + "/sso"), token)).andReturn();

        assertThat(saved.getResponse().getStatus()).isEqualTo(200);
        assertThat(saved.getResponse().getContentAsString()).doesNotContain(secret);
        JsonNode settings = body(read);
        assertThat(read.getResponse().getContentAsString()).doesNotContain(secret);
        assertThat(settings.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(settings.get("issuer").asString()).isEqualTo(issuer);
        assertThat(settings.get("loginPath").asString()).isEqualTo("/oauth2/authorization/" + admin.slug());
        String stored = scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForObject(
                "select client_secret_encrypted from platform_sso_connection where org_id = ?", String.class,
                admin.org().value())));
        assertThat(stored).isNotBlank().doesNotContain(secret);

        MvcResult keep = mvc.perform(bearer(json(put("/api/v1/organizations/" + admin.slug() + "/sso"),
                "{\"issuer\":\"" + issuer + "\",\"clientId\":\"renamed\",\"enabled\":true}"), token)).andReturn();
        assertThat(keep.getResponse().getStatus()).as("the secret may be left out to keep it").isEqualTo(200);
        assertThat(registrations.findByRegistrationId(admin.slug()).getClientSecret()).isEqualTo(secret);
    }

    @Test
    void registrationsAreLoadedFromTheDatabaseAndTheProvidersDiscoveryDocument() throws Exception {
        TestUser admin = signUp();
        String token = pat(admin);
        assertThat(registrations.findByRegistrationId(admin.slug())).as("no SSO configured").isNull();
        mvc.perform(bearer(json(put("/api/v1/organizations/" + admin.slug() + "/sso"),
                "{\"issuer\":\"" + issuer + "\",\"clientId\":\"gatehouse-client\",\"clientSecret\":\"s3cret\",\"enabled\":true}"),
                token)).andReturn();

        ClientRegistration registration = registrations.findByRegistrationId(admin.slug());

        assertThat(registration.getClientId()).isEqualTo("gatehouse-client");
        assertThat(registration.getClientSecret()).isEqualTo("s3cret");
        assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo(issuer + "/token");
        assertThat(registration.getScopes()).contains("openid", "email");

        MvcResult start = mvc.perform(get("/oauth2/authorization/" + admin.slug())).andReturn();
        assertThat(start.getResponse().getStatus()).isEqualTo(302);
        assertThat(start.getResponse().getRedirectedUrl()).startsWith(issuer + "/authorize")
                .contains("client_id=gatehouse-client");

        mvc.perform(bearer(json(put("/api/v1/organizations/" + admin.slug() + "/sso"),
                "{\"issuer\":\"" + issuer + "\",\"clientId\":\"gatehouse-client\",\"enabled\":false}"), token)).andReturn();
        assertThat(registrations.findByRegistrationId(admin.slug())).as("disabled").isNull();
    }

    @Test
    void theProvidersEmailMustBelongToAMemberOfThatOrganization() throws Exception {
        TestUser admin = signUp();
        TestUser outsider = signUp();
        mvc.perform(bearer(json(put("/api/v1/organizations/" + admin.slug() + "/sso"),
                "{\"issuer\":\"" + issuer + "\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"enabled\":true}"),
                pat(admin))).andReturn();
        ClientRegistration registration = registrations.findByRegistrationId(admin.slug());

        userInfoEmail = admin.email().toUpperCase();
        OidcUser member = ssoLogin.loadUser(userRequest(registration, admin.email()));

        assertThat(((SsoUser) member).caller().userId()).isEqualTo(admin.userId());
        assertThat(member.getName()).isEqualTo(admin.email());

        userInfoEmail = outsider.email();
        assertThatThrownBy(() -> ssoLogin.loadUser(userRequest(registration, outsider.email())))
                .isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("No member of");
        userInfoEmail = "unknown-" + admin.slug() + "@example.test";
        assertThatThrownBy(() -> ssoLogin.loadUser(userRequest(registration, userInfoEmail)))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }

    private static OidcUserRequest userRequest(ClientRegistration registration, String email) {
        Instant now = Instant.now();
        OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(60),
                Map.of("sub", "subject-1", "iss", registration.getProviderDetails().getIssuerUri(), "email", email,
                        "email_verified", true, "aud", List.of(registration.getClientId())));
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token", now,
                now.plusSeconds(60), Set.of("openid", "email", "profile"));
        return new OidcUserRequest(registration, accessToken, idToken);
    }
}
