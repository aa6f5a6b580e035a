package io.gatehouse.console.portal;

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

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.TestMail;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.testsupport.OpenApiDocs;

/**
 * The public developer-portal pages request by request through the whole application: sign-up, the emailed
 * verification link, sign-in, the catalogue and product page, an application with a key shown once, and the
 * refusals a developer would notice (another organization's portal data, a private portal, a foreign
 * {@code next}, a duplicate application name).
 */
class PortalPagesIT extends ConsoleIntegrationTest {

    static final String PETSTORE = OpenApiDocs.PETSTORE;

    @Autowired
    PortalFixtures fixtures;
    @Autowired
    Portals portals;

    private static SignedUp acme;
    private static SignedUp globex;
    private static ProductVersion acmeVersion;
    private static ProductVersion globexVersion;

    @BeforeEach
    void twoPortals() {
        if (acme == null) {
            acme = signUp("acme");
            globex = signUp("globex");
            acmeVersion = fixtures.publishedProduct(acme, "weather", "Weather API", PETSTORE, PlanAuth.KEY_AUTH);
            globexVersion = fixtures.publishedProduct(globex, "secret-ledger", "Secret Ledger", PETSTORE,
                    PlanAuth.KEY_AUTH);
        }
    }

    @Test
    void aDeveloperSignsUpVerifiesSignsInAndGetsAKeyShownOnce() throws Exception {
        String slug = acme.organization().getSlug();
        String email = "dev-" + suffix() + "@example.test";
        PortalBrowser session = new PortalBrowser(mvc);

        MockHttpServletResponse signedUp = session.perform(post("/portal/" + slug + "/signup").with(csrf())
                .param("name", "Dee Veloper").param("email", email).param("password", "a long enough password"));
        assertThat(signedUp.getStatus()).isEqualTo(200);
        assertThat(signedUp.getContentAsString()).contains(email);

        MockHttpServletResponse early = session.perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password"));
        assertThat(early.getStatus()).as("not verified yet").isEqualTo(403);

        String link = verificationLink(email, slug);
        MockHttpServletResponse verified = session.perform(get(link));
        assertThat(verified.getStatus()).isEqualTo(200);
        assertThat(verified.getContentAsString()).contains("Sign in");
        assertThat(session.perform(get(link)).getStatus()).as("a used link").isEqualTo(400);

        MockHttpServletResponse wrong = session.perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "not the password"));
        assertThat(wrong.getStatus()).isEqualTo(401);

        MockHttpServletResponse signedIn = session.perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password").param("next", "/portal/" + slug));
        assertThat(signedIn.getStatus()).isEqualTo(302);
        assertThat(signedIn.getRedirectedUrl()).isEqualTo("/portal/" + slug);

        MockHttpServletResponse catalogue = session.perform(get("/portal/" + slug).param("q", "weath"));
        assertThat(catalogue.getStatus()).isEqualTo(200);
        assertThat(catalogue.getContentAsString()).contains("Weather API").doesNotContain("Secret Ledger");

        MockHttpServletResponse product = session.perform(get("/portal/" + slug + "/products/weather"));
        assertThat(product.getStatus()).isEqualTo(200);
        assertThat(product.getContentAsString()).contains("Weather API", "basic", "swagger-ui-bundle.js",
                "/portal/" + slug + "/products/weather/versions/" + acmeVersion.id() + "/openapi");
        MockHttpServletResponse document = session.perform(get("/portal/" + slug + "/products/weather/versions/" + acmeVersion.id()
                + "/openapi"));
        assertThat(document.getStatus()).isEqualTo(200);
        assertThat(document.getContentAsString()).contains("/pets/{petId}");
        for (String asset : PortalBrowser.scriptsAndStyles(product.getContentAsString())) {
            assertThat(session.perform(get(asset)).getStatus()).as(asset).isEqualTo(200);
        }

        MockHttpServletResponse created = session.perform(post("/portal/" + slug + "/apps").with(csrf())
                .param("name", "Forecast Widget").param("description", "shows the weather"));
        assertThat(created.getStatus()).isEqualTo(302);
        String app = created.getRedirectedUrl();
        assertThat(app).startsWith("/portal/" + slug + "/apps/");

        MockHttpServletResponse appPage = session.perform(get(app));
        Matcher choice = Pattern.compile("value=\"(" + acmeVersion.id() + ":[0-9a-f-]{36})\"").matcher(appPage.getContentAsString());
        assertThat(choice.find()).as("the published version's plan is offered").isTrue();
        MockHttpServletResponse registered = session.perform(post(app + "/registrations").with(csrf()).param("plan", choice.group(1)));
        assertThat(registered.getStatus()).isEqualTo(302);
        assertThat(session.perform(get(app)).getContentAsString()).contains("Weather API v1", "Approved");

        MockHttpServletResponse issued = session.perform(post(app + "/keys").with(csrf()));
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeader("Cache-Control")).contains("no-store");
        Matcher key = Pattern.compile("gh_key_[A-Za-z0-9]{40}").matcher(issued.getContentAsString());
        assertThat(key.find()).as("the key is on the page that created it").isTrue();
        assertThat(session.perform(get(app)).getContentAsString()).as("and never again").doesNotContain(key.group());

        MockHttpServletResponse duplicate = session.perform(post("/portal/" + slug + "/apps").with(csrf())
                .param("name", "Forecast Widget"));
        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(duplicate.getContentAsString()).contains("You already have an application named");

        MockHttpServletResponse signedOut = session.perform(post("/portal/" + slug + "/signout").with(csrf()));
        assertThat(signedOut.getStatus()).isEqualTo(302);
        assertThat(session.perform(get(app)).getRedirectedUrl()).startsWith("/portal/" + slug + "/signin?next=");
    }

    @Test
    void aDeveloperGetsAnOAuthClientWhoseSecretIsShownOnceWithHowToGetAToken() throws Exception {
        SignedUp owner = signUp("robots");
        ProductVersion version = fixtures.publishedProduct(owner, "telemetry", "Telemetry API", PETSTORE,
                PlanAuth.OAUTH2_CLIENT_CREDENTIALS);
        String slug = owner.organization().getSlug();
        PortalBrowser session = signedInDeveloper(slug);
        String app = session.perform(post("/portal/" + slug + "/apps").with(csrf()).param("name", "Collector"))
                .getRedirectedUrl();
        String page = session.perform(get(app)).getContentAsString();
        assertThat(page).contains("OAuth2 client credentials", "Create OAuth2 client");
        Matcher choice = Pattern.compile("value=\"(" + version.id() + ":[0-9a-f-]{36})\"").matcher(page);
        assertThat(choice.find()).isTrue();
        assertThat(session.perform(post(app + "/registrations").with(csrf()).param("plan", choice.group(1))).getStatus())
                .as("an OAuth2 plan takes registrations").isEqualTo(302);

        MockHttpServletResponse issued = session.perform(post(app + "/clients").with(csrf()));
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeader("Cache-Control")).contains("no-store");
        String html = issued.getContentAsString();
        Matcher clientId = Pattern.compile("app-[a-z0-9]{24}").matcher(html);
        Matcher secret = Pattern.compile("gh_cs_[A-Za-z0-9]{48}").matcher(html);
        assertThat(clientId.find()).as("the client id").isTrue();
        assertThat(secret.find()).as("the secret, on the page that created it").isTrue();
        assertThat(html).contains("grant_type=client_credentials", "/oauth2/token", "Authorization: Bearer");
        String later = session.perform(get(app)).getContentAsString();
        assertThat(later).as("the client id stays, the secret is never shown again").contains(clientId.group())
                .doesNotContain(secret.group()).doesNotContain("Create OAuth2 client");

        MockHttpServletResponse second = session.perform(post(app + "/clients").with(csrf()));
        assertThat(second.getStatus()).isEqualTo(409);
        assertThat(second.getContentAsString()).contains("already has an OAuth2 client");

        String credential = Pattern.compile("/clients/([0-9a-f-]{36})/rotate").matcher(later).results().findFirst()
                .orElseThrow().group(1);
        MockHttpServletResponse rotated = session.perform(post(app + "/clients/" + credential + "/rotate").with(csrf()));
        assertThat(rotated.getStatus()).isEqualTo(200);
        Matcher newSecret = Pattern.compile("gh_cs_[A-Za-z0-9]{48}").matcher(rotated.getContentAsString());
        assertThat(newSecret.find()).isTrue();
        assertThat(newSecret.group()).isNotEqualTo(secret.group());
        assertThat(rotated.getContentAsString()).contains(clientId.group());

        assertThat(session.perform(post(app + "/clients/" + credential + "/revoke").with(csrf())).getStatus()).isEqualTo(302);
        assertThat(session.perform(get(app)).getContentAsString()).contains("Revoked", "Create OAuth2 client");
    }

    @Test
    void anotherOrganizationsPortalDataIsNotFound() throws Exception {
        String slug = acme.organization().getSlug();
        String theirs = globex.organization().getSlug();
        PortalBrowser session = signedInDeveloper(slug);
        for (String url : new String[] {"/portal/" + slug + "/products/secret-ledger",
                "/portal/" + slug + "/products/weather?version=" + globexVersion.id(),
                "/portal/" + slug + "/products/weather/versions/" + globexVersion.id() + "/openapi",
                "/portal/" + slug + "/products/secret-ledger/versions/" + globexVersion.id() + "/openapi",
                "/portal/no-such-portal-" + suffix()}) {
            MockHttpServletResponse response = session.perform(get(url));
            assertThat(response.getStatus()).as(url).isEqualTo(404);
            assertThat(response.getContentAsString()).doesNotContain("Secret Ledger");
        }
        assertThat(session.perform(get("/portal/" + slug)).getContentAsString()).doesNotContain("Secret Ledger");

        MockHttpServletResponse created = session.perform(post("/portal/" + slug + "/apps").with(csrf()).param("name", "Mine"));
        String app = created.getRedirectedUrl();
        assertThat(session.perform(get(app.replace("/portal/" + slug + "/", "/portal/" + theirs + "/"))).getRedirectedUrl())
                .as("signed in on one portal is nobody on another").startsWith("/portal/" + theirs + "/signin");
        PortalBrowser other = signedInDeveloper(slug);
        assertThat(other.perform(get(app)).getStatus()).as("another developer's app").isEqualTo(404);
        assertThat(other.perform(post(app + "/keys").with(csrf())).getStatus()).isEqualTo(404);
    }

    @Test
    void aPrivatePortalSendsAnonymousVisitorsToSignIn() throws Exception {
        SignedUp closed = signUp("closed");
        OrgId org = closed.organization().orgId();
        PortalSettings defaults = portals.settings(org);
        portals.update(org, new PortalSettings(false, "Closed Portal", null, null, null, true, null, null));
        String slug = closed.organization().getSlug();
        for (String url : new String[] {"/portal/" + slug, "/portal/" + slug + "/products/anything"}) {
            MockHttpServletResponse response = new PortalBrowser(mvc).perform(get(url));
            assertThat(response.getStatus()).as(url).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).startsWith("/portal/" + slug + "/signin?next=");
        }
        MockHttpServletResponse signIn = new PortalBrowser(mvc).perform(get("/portal/" + slug + "/signin"));
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
            PortalBrowser session = new PortalBrowser(mvc);
            String email = verifiedDeveloper(slug, session);
            MockHttpServletResponse response = session.perform(post("/portal/" + slug + "/signin").with(csrf())
                    .param("email", email).param("password", "a long enough password").param("next", next));
            assertThat(response.getStatus()).as(next).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).as(next).isEqualTo("/portal/" + slug + "/apps");
        }
    }

    private PortalBrowser signedInDeveloper(String slug) throws Exception {
        PortalBrowser session = new PortalBrowser(mvc);
        String email = verifiedDeveloper(slug, session);
        MockHttpServletResponse response = session.perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password"));
        assertThat(response.getStatus()).isEqualTo(302);
        return session;
    }

    private String verifiedDeveloper(String slug, PortalBrowser session) throws Exception {
        String email = "dev-" + suffix() + "@example.test";
        assertThat(session.perform(post("/portal/" + slug + "/signup").with(csrf()).param("name", "Dev").param("email", email)
                .param("password", "a long enough password")).getStatus()).isEqualTo(200);
        assertThat(session.perform(get(verificationLink(email, slug))).getStatus()).isEqualTo(200);
        return email;
    }

    private static String verificationLink(String email, String slug) {
        String body = TestMail.awaitMailTo(email, Duration.ofSeconds(10)).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("(/portal/" + Pattern.quote(slug) + "/verify-email\\?token=[A-Za-z0-9_]+)").matcher(body);
        assertThat(link.find()).as("a verification link in " + body).isTrue();
        return link.group(1);
    }
}
