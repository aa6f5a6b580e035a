package io.gatehouse.console.portal;

import static io.gatehouse.console.portal.PortalFixtures.suffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import jakarta.servlet.http.Cookie;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.TestMail;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.tenancy.OrgId;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public developer-portal pages request by request through the whole application: sign-up, the emailed
 * verification link, sign-in, the catalogue and product page, an application with a key shown once, and the
 * refusals a developer would notice (another organization's portal data, a private portal, a foreign
 * {@code next}, a duplicate application name).
 */
class PortalPagesIT extends ConsoleIntegrationTest {

    static final String PETSTORE = """
            openapi: 3.0.3
            info:
              title: Pets
              version: "1.0"
            paths:
              /pets/{petId}:
                get:
                  parameters:
                    - name: petId
                      in: path
                      required: true
                      schema:
                        type: string
                  responses:
                    "200":
                      description: a pet
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    PortalFixtures fixtures;
    @Autowired
    GatewayEntities entities;
    @Autowired
    JsonMapper json;
    @Autowired
    ApiProducts products;
    @Autowired
    Portals portals;

    private static SignedUp acme;
    private static SignedUp globex;
    private static ProductVersion acmeVersion;
    private static ProductVersion globexVersion;

    @BeforeEach
    void twoPortals() {
        if (acme == null) {
            acme = fixtures.signUp("acme");
            globex = fixtures.signUp("globex");
            acmeVersion = fixtures.publishedProduct(acme, "weather", "Weather API", PETSTORE, PlanAuth.KEY_AUTH);
            globexVersion = fixtures.publishedProduct(globex, "secret-ledger", "Secret Ledger", PETSTORE,
                    PlanAuth.KEY_AUTH);
        }
    }

    @Test
    void aDeveloperSignsUpVerifiesSignsInAndGetsAKeyShownOnce() throws Exception {
        String slug = acme.organization().getSlug();
        String email = "dev-" + suffix() + "@example.test";
        CookieJar session = new CookieJar();

        MockHttpServletResponse signedUp = perform(post("/portal/" + slug + "/signup").with(csrf())
                .param("name", "Dee Veloper").param("email", email).param("password", "a long enough password"), session);
        assertThat(signedUp.getStatus()).isEqualTo(200);
        assertThat(signedUp.getContentAsString()).contains(email);

        MockHttpServletResponse early = perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password"), session);
        assertThat(early.getStatus()).as("not verified yet").isEqualTo(403);

        String link = verificationLink(email, slug);
        MockHttpServletResponse verified = perform(get(link), session);
        assertThat(verified.getStatus()).isEqualTo(200);
        assertThat(verified.getContentAsString()).contains("Sign in");
        assertThat(perform(get(link), session).getStatus()).as("a used link").isEqualTo(400);

        MockHttpServletResponse wrong = perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "not the password"), session);
        assertThat(wrong.getStatus()).isEqualTo(401);

        MockHttpServletResponse signedIn = perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password").param("next", "/portal/" + slug),
                session);
        assertThat(signedIn.getStatus()).isEqualTo(302);
        assertThat(signedIn.getRedirectedUrl()).isEqualTo("/portal/" + slug);

        MockHttpServletResponse catalogue = perform(get("/portal/" + slug).param("q", "weath"), session);
        assertThat(catalogue.getStatus()).isEqualTo(200);
        assertThat(catalogue.getContentAsString()).contains("Weather API").doesNotContain("Secret Ledger");

        MockHttpServletResponse product = perform(get("/portal/" + slug + "/products/weather"), session);
        assertThat(product.getStatus()).isEqualTo(200);
        assertThat(product.getContentAsString()).contains("Weather API", "basic", "swagger-ui-bundle.js",
                "/portal/" + slug + "/products/weather/versions/" + acmeVersion.id() + "/openapi");
        MockHttpServletResponse document = perform(get("/portal/" + slug + "/products/weather/versions/" + acmeVersion.id()
                + "/openapi"), session);
        assertThat(document.getStatus()).isEqualTo(200);
        assertThat(document.getContentAsString()).contains("/pets/{petId}");
        for (String asset : scriptsAndStyles(product.getContentAsString())) {
            assertThat(perform(get(asset), session).getStatus()).as(asset).isEqualTo(200);
        }

        MockHttpServletResponse created = perform(post("/portal/" + slug + "/apps").with(csrf())
                .param("name", "Forecast Widget").param("description", "shows the weather"), session);
        assertThat(created.getStatus()).isEqualTo(302);
        String app = created.getRedirectedUrl();
        assertThat(app).startsWith("/portal/" + slug + "/apps/");

        MockHttpServletResponse appPage = perform(get(app), session);
        Matcher choice = Pattern.compile("value=\"(" + acmeVersion.id() + ":[0-9a-f-]{36})\"").matcher(appPage.getContentAsString());
        assertThat(choice.find()).as("the published version's plan is offered").isTrue();
        MockHttpServletResponse registered = perform(post(app + "/registrations").with(csrf()).param("plan", choice.group(1)),
                session);
        assertThat(registered.getStatus()).isEqualTo(302);
        assertThat(perform(get(app), session).getContentAsString()).contains("Weather API v1", "Approved");

        MockHttpServletResponse issued = perform(post(app + "/keys").with(csrf()), session);
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeader("Cache-Control")).contains("no-store");
        Matcher key = Pattern.compile("gh_key_[A-Za-z0-9]{40}").matcher(issued.getContentAsString());
        assertThat(key.find()).as("the key is on the page that created it").isTrue();
        assertThat(perform(get(app), session).getContentAsString()).as("and never again").doesNotContain(key.group());

        MockHttpServletResponse duplicate = perform(post("/portal/" + slug + "/apps").with(csrf())
                .param("name", "Forecast Widget"), session);
        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(duplicate.getContentAsString()).contains("You already have an application named");

        MockHttpServletResponse signedOut = perform(post("/portal/" + slug + "/signout").with(csrf()), session);
        assertThat(signedOut.getStatus()).isEqualTo(302);
        assertThat(perform(get(app), session).getRedirectedUrl()).startsWith("/portal/" + slug + "/signin?next=");
    }

    @Test
    void aDeveloperGetsAnOAuthClientWhoseSecretIsShownOnceWithHowToGetAToken() throws Exception {
        SignedUp owner = fixtures.signUp("robots");
        ProductVersion version = fixtures.publishedProduct(owner, "telemetry", "Telemetry API", PETSTORE,
                PlanAuth.OAUTH2_CLIENT_CREDENTIALS);
        String slug = owner.organization().getSlug();
        CookieJar session = signedInDeveloper(slug);
        String app = perform(post("/portal/" + slug + "/apps").with(csrf()).param("name", "Collector"), session)
                .getRedirectedUrl();
        String page = perform(get(app), session).getContentAsString();
        assertThat(page).contains("OAuth2 client credentials", "Create OAuth2 client");
        Matcher choice = Pattern.compile("value=\"(" + version.id() + ":[0-9a-f-]{36})\"").matcher(page);
        assertThat(choice.find()).isTrue();
        assertThat(perform(post(app + "/registrations").with(csrf()).param("plan", choice.group(1)), session).getStatus())
                .as("an OAuth2 plan takes registrations").isEqualTo(302);

        MockHttpServletResponse issued = perform(post(app + "/clients").with(csrf()), session);
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeader("Cache-Control")).contains("no-store");
        String html = issued.getContentAsString();
        Matcher clientId = Pattern.compile("app-[a-z0-9]{24}").matcher(html);
        Matcher secret = Pattern.compile("gh_cs_[A-Za-z0-9]{48}").matcher(html);
        assertThat(clientId.find()).as("the client id").isTrue();
        assertThat(secret.find()).as("the secret, on the page that created it").isTrue();
        assertThat(html).contains("grant_type=client_credentials", "/oauth2/token", "Authorization: Bearer");
        String later = perform(get(app), session).getContentAsString();
        assertThat(later).as("the client id stays, the secret is never shown again").contains(clientId.group())
                .doesNotContain(secret.group()).doesNotContain("Create OAuth2 client");

        MockHttpServletResponse second = perform(post(app + "/clients").with(csrf()), session);
        assertThat(second.getStatus()).isEqualTo(409);
        assertThat(second.getContentAsString()).contains("already has an OAuth2 client");

        String credential = Pattern.compile("/clients/([0-9a-f-]{36})/rotate").matcher(later).results().findFirst()
                .orElseThrow().group(1);
        MockHttpServletResponse rotated = perform(post(app + "/clients/" + credential + "/rotate").with(csrf()), session);
        assertThat(rotated.getStatus()).isEqualTo(200);
        Matcher newSecret = Pattern.compile("gh_cs_[A-Za-z0-9]{48}").matcher(rotated.getContentAsString());
        assertThat(newSecret.find()).isTrue();
        assertThat(newSecret.group()).isNotEqualTo(secret.group());
        assertThat(rotated.getContentAsString()).contains(clientId.group());

        assertThat(perform(post(app + "/clients/" + credential + "/revoke").with(csrf()), session).getStatus()).isEqualTo(302);
        assertThat(perform(get(app), session).getContentAsString()).contains("Revoked", "Create OAuth2 client");
    }

    @Test
    void anotherOrganizationsPortalDataIsNotFound() throws Exception {
        String slug = acme.organization().getSlug();
        String theirs = globex.organization().getSlug();
        CookieJar session = signedInDeveloper(slug);
        for (String url : new String[] {"/portal/" + slug + "/products/secret-ledger",
                "/portal/" + slug + "/products/weather?version=" + globexVersion.id(),
                "/portal/" + slug + "/products/weather/versions/" + globexVersion.id() + "/openapi",
                "/portal/" + slug + "/products/secret-ledger/versions/" + globexVersion.id() + "/openapi",
                "/portal/no-such-portal-" + suffix()}) {
            MockHttpServletResponse response = perform(get(url), session);
            assertThat(response.getStatus()).as(url).isEqualTo(404);
            assertThat(response.getContentAsString()).doesNotContain("Secret Ledger");
        }
        assertThat(perform(get("/portal/" + slug), session).getContentAsString()).doesNotContain("Secret Ledger");

        MockHttpServletResponse created = perform(post("/portal/" + slug + "/apps").with(csrf()).param("name", "Mine"), session);
        String app = created.getRedirectedUrl();
        assertThat(perform(get(app.replace("/portal/" + slug + "/", "/portal/" + theirs + "/")), session).getRedirectedUrl())
                .as("signed in on one portal is nobody on another").startsWith("/portal/" + theirs + "/signin");
        CookieJar other = signedInDeveloper(slug);
        assertThat(perform(get(app), other).getStatus()).as("another developer's app").isEqualTo(404);
        assertThat(perform(post(app + "/keys").with(csrf()), other).getStatus()).isEqualTo(404);
    }

    @Test
    void aPrivatePortalSendsAnonymousVisitorsToSignIn() throws Exception {
        SignedUp closed = fixtures.signUp("closed");
        OrgId org = closed.organization().orgId();
        PortalSettings defaults = portals.settings(org);
        portals.update(org, new PortalSettings(false, "Closed Portal", null, null, null, true, null, null));
        String slug = closed.organization().getSlug();
        for (String url : new String[] {"/portal/" + slug, "/portal/" + slug + "/products/anything"}) {
            MockHttpServletResponse response = perform(get(url), new CookieJar());
            assertThat(response.getStatus()).as(url).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).startsWith("/portal/" + slug + "/signin?next=");
        }
        MockHttpServletResponse signIn = perform(get("/portal/" + slug + "/signin"), new CookieJar());
        assertThat(signIn.getStatus()).isEqualTo(200);
        assertThat(signIn.getContentAsString()).contains("Closed Portal");
        assertThat(defaults.publicPortal()).as("portals are public by default").isTrue();
    }

    @Test
    void signInNeverRedirectsOutsideThePortal() throws Exception {
        String slug = acme.organization().getSlug();
        for (String next : new String[] {"https://evil.example/", "//evil.example/portal/" + slug, "/portal/" + slug
                + "/..//evil.example", "/orgs/" + slug, "/portal/" + globex.organization().getSlug() + "/apps",
                "/portal/" + slug + "\\@evil.example"}) {
            CookieJar session = new CookieJar();
            String email = verifiedDeveloper(slug, session);
            MockHttpServletResponse response = perform(post("/portal/" + slug + "/signin").with(csrf())
                    .param("email", email).param("password", "a long enough password").param("next", next), session);
            assertThat(response.getStatus()).as(next).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).as(next).isEqualTo("/portal/" + slug + "/apps");
        }
    }

    private CookieJar signedInDeveloper(String slug) throws Exception {
        CookieJar session = new CookieJar();
        String email = verifiedDeveloper(slug, session);
        MockHttpServletResponse response = perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password"), session);
        assertThat(response.getStatus()).isEqualTo(302);
        return session;
    }

    private String verifiedDeveloper(String slug, CookieJar session) throws Exception {
        String email = "dev-" + suffix() + "@example.test";
        assertThat(perform(post("/portal/" + slug + "/signup").with(csrf()).param("name", "Dev").param("email", email)
                .param("password", "a long enough password"), session).getStatus()).isEqualTo(200);
        assertThat(perform(get(verificationLink(email, slug)), session).getStatus()).isEqualTo(200);
        return email;
    }

    private static String verificationLink(String email, String slug) {
        String body = TestMail.awaitMailTo(email, Duration.ofSeconds(10)).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("(/portal/" + Pattern.quote(slug) + "/verify-email\\?token=[A-Za-z0-9_]+)").matcher(body);
        assertThat(link.find()).as("a verification link in " + body).isTrue();
        return link.group(1);
    }

    private static java.util.List<String> scriptsAndStyles(String html) {
        java.util.List<String> assets = new java.util.ArrayList<>();
        Matcher matcher = Pattern.compile("(?:src|href)=\"(/(?:webjars|js|css)/[^\"]+)\"").matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).anyMatch(asset -> asset.contains("swagger-ui-bundle.js"));
        return assets;
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, CookieJar browser) throws Exception {
        if (!browser.cookies.isEmpty()) {
            request.cookie(browser.cookies.values().toArray(Cookie[]::new));
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        for (Cookie cookie : response.getCookies()) {
            if (cookie.getMaxAge() == 0) {
                browser.cookies.remove(cookie.getName());
            } else {
                browser.cookies.put(cookie.getName(), cookie);
            }
        }
        return response;
    }

    /** The cookies of one browser (the session is Spring Session's {@code SESSION} cookie). */
    static final class CookieJar {

        final java.util.Map<String, Cookie> cookies = new java.util.LinkedHashMap<>();
    }
}
