package io.gatehouse.platform.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import jakarta.servlet.http.Cookie;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.servlet.http.Cookie;

import com.icegreen.greenmail.util.ServerSetupTest;

import io.gatehouse.platform.members.SignUp;
import io.gatehouse.platform.members.SignUps;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the identity integration tests: one Spring context (real PostgreSQL, the real security
 * chains through MockMvc, a real SMTP server from GreenMail on an ephemeral port) and fixtures.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class IdentityITSupport {

    protected static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    protected static final String BOOTSTRAP_CLIENT_ID = "bootstrap-" + IdentityFixtures.suffix();
    protected static final String BOOTSTRAP_CLIENT_SECRET = "bootstrap-secret-" + IdentityFixtures.suffix();
    protected static final String BOOTSTRAP_ADMIN_EMAIL = "root-" + IdentityFixtures.suffix() + "@gatehouse.test";
    protected static final String BOOTSTRAP_ADMIN_PASSWORD = "root-password-" + IdentityFixtures.suffix();
    protected static final String PASSWORD = "correct horse battery";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("gatehouse.bootstrap.client-id", () -> BOOTSTRAP_CLIENT_ID);
        registry.add("gatehouse.bootstrap.client-secret", () -> BOOTSTRAP_CLIENT_SECRET);
        registry.add("gatehouse.bootstrap.admin-email", () -> BOOTSTRAP_ADMIN_EMAIL);
        registry.add("gatehouse.bootstrap.admin-password", () -> BOOTSTRAP_ADMIN_PASSWORD);
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected SignUps signUps;
    @Autowired
    protected PersonalAccessTokens tokens;
    @Autowired
    protected Accounts accounts;

    /** A signed-up user and their organization. */
    protected record TestUser(UUID userId, String email, String slug, io.gatehouse.platform.tenancy.OrgId org) {
    }

    protected TestUser signUp() {
        String suffix = IdentityFixtures.suffix();
        SignedUp signedUp = signUps.signUp(new SignUp("user-" + suffix + "@example.test", "User " + suffix, PASSWORD,
                "Org " + suffix, "org-" + suffix));
        return new TestUser(signedUp.account().getId(), signedUp.account().getEmail(),
                signedUp.organization().getSlug(), signedUp.organization().orgId());
    }

    /** A personal access token of the user in their organization (or another org they belong to). */
    protected String pat(TestUser user, io.gatehouse.platform.tenancy.OrgId org, OrgRole role) {
        Account account = accounts.get(user.userId());
        Caller caller = SignedInUser.of(account).caller();
        return tokens.create(caller, org, "test token", role, Duration.ofDays(1)).token();
    }

    protected String pat(TestUser user) {
        return pat(user, user.org(), OrgRole.ADMIN);
    }

    protected static MockHttpServletRequestBuilder bearer(MockHttpServletRequestBuilder request, String token) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    protected static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    protected static JsonNode body(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** Form login from a given client address, optionally with an existing session cookie; returns the redirect. */
    protected MvcResult login(String email, String password, String address, Cookie session) throws Exception {
        MockHttpServletRequestBuilder request = post("/login");
        if (session != null) {
            request.cookie(session);
        }
        return mvc.perform(request.with(csrf())
                .param("username", email).param("password", password)
                .with(mock -> {
                    mock.setRemoteAddr(address);
                    return mock;
                })).andReturn();
    }

    protected static String randomAddress() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250));
    }

    /** The console session cookie a response set, or null. */
    protected static Cookie sessionCookie(MvcResult result) {
        return result.getResponse().getCookie("GATEHOUSE_SESSION");
    }
}
