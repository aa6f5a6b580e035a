package io.gatehouse.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.TestMail;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.portal.settings.Portals;

/**
 * A portal on its organization's custom host name: the whole developer flow at the root of that host (links,
 * redirects, the emailed link, session, CSRF, CSP), nothing of the console or of another organization there, and
 * other hosts served as before. Requests go through MockMvc with the custom host as the request's host, and once
 * over a real socket with a {@code Host} header, so Tomcat's own request path and error pages are covered too.
 */
class PortalCustomHostIT extends ConsoleIntegrationTest {

    @Autowired
    PortalFixtures fixtures;
    @Autowired
    Portals portals;

    private static SignedUp acme;
    private static SignedUp globex;
    private static String acmeHost;
    private static String globexHost;
    private static ProductVersion acmeVersion;

    @BeforeEach
    void twoPortalsOnTheirOwnHosts() {
        if (acme == null) {
            acme = signUp("acme");
            globex = signUp("globex");
            acmeVersion = fixtures.publishedProduct(acme, "weather", "Weather API", PortalPagesIT.PETSTORE,
                    PlanAuth.KEY_AUTH);
            fixtures.publishedProduct(globex, "secret-ledger", "Secret Ledger", PortalPagesIT.PETSTORE,
                    PlanAuth.KEY_AUTH);
            acmeHost = "developers-" + suffix() + ".acme.example";
            globexHost = "api-" + suffix() + ".globex.example";
            portals.update(acme.organization().orgId(), new PortalSettings(true, "Acme Developers", null, "#123456", null,
                    true, acmeHost, null));
            portals.update(globex.organization().orgId(), new PortalSettings(true, null, null, null, null, true,
                    globexHost, null));
        }
    }

    @Test
    void aDeveloperSignsUpSignsInAndGetsAKeyAtTheRootOfTheCustomHost() throws Exception {
        PortalBrowser browser = new PortalBrowser(mvc, acmeHost);
        String email = "dev-" + suffix() + "@example.test";

        MockHttpServletResponse home = browser.perform(get("/"));
        assertThat(home.getStatus()).isEqualTo(200);
        assertThat(home.getContentAsString()).contains("Acme Developers", "Weather API", "href=\"/products/weather\"",
                "href=\"/signin\"", "href=\"/signup\"", "href=\"/css/portal.css\"").doesNotContain("/portal/");
        assertThat(home.getHeader("Content-Security-Policy")).as("the portal's policy").contains("connect-src");

        MockHttpServletResponse signedUp = browser.perform(post("/signup").with(csrf())
                .param("name", "Dee Veloper").param("email", email).param("password", "a long enough password"));
        assertThat(signedUp.getStatus()).isEqualTo(200);
        assertThat(signedUp.getContentAsString()).contains(email);

        String link = mailedLink(email, "/verify-email");
        assertThat(link).as("the mail links to the custom host").startsWith("http://" + acmeHost + "/verify-email?token=");
        assertThat(browser.perform(get(link.substring(link.indexOf("/verify-email")))).getStatus()).isEqualTo(200);

        MockHttpServletResponse needsSignIn = browser.perform(get("/apps"));
        assertThat(needsSignIn.getStatus()).isEqualTo(302);
        assertThat(needsSignIn.getRedirectedUrl()).isEqualTo("/signin?next=%2Fapps");
        MockHttpServletResponse form = browser.perform(get("/signin").param("next", "/apps"));
        assertThat(form.getContentAsString()).contains("action=\"/signin\"", "value=\"/apps\"");

        MockHttpServletResponse noToken = browser.perform(post("/signin").param("email", email)
                .param("password", "a long enough password"));
        assertThat(noToken.getStatus()).as("CSRF still applies on the custom host").isEqualTo(403);

        MockHttpServletResponse signedIn = browser.perform(post("/signin").with(csrf()).param("email", email)
                .param("password", "a long enough password").param("next", "/apps"));
        assertThat(signedIn.getStatus()).isEqualTo(302);
        assertThat(signedIn.getRedirectedUrl()).isEqualTo("/apps");

        MockHttpServletResponse product = browser.perform(get("/products/weather"));
        assertThat(product.getStatus()).isEqualTo(200);
        String documentUrl = "/products/weather/versions/" + acmeVersion.id() + "/openapi";
        assertThat(product.getContentAsString()).contains(documentUrl, "swagger-ui-bundle.js");
        assertThat(browser.perform(get(documentUrl)).getContentAsString()).contains("/pets/{petId}");
        for (String asset : PortalBrowser.scriptsAndStyles(product.getContentAsString())) {
            assertThat(browser.perform(get(asset)).getStatus()).as(asset).isEqualTo(200);
        }

        MockHttpServletResponse created = browser.perform(post("/apps").with(csrf()).param("name", "Forecast Widget"));
        assertThat(created.getStatus()).isEqualTo(302);
        String app = created.getRedirectedUrl();
        assertThat(app).matches("/apps/[0-9a-f-]{36}");
        MockHttpServletResponse appPage = browser.perform(get(app));
        assertThat(appPage.getContentAsString()).contains("action=\"" + app + "/keys\"").doesNotContain("/portal/");
        Matcher choice = Pattern.compile("value=\"(" + acmeVersion.id() + ":[0-9a-f-]{36})\"").matcher(appPage.getContentAsString());
        assertThat(choice.find()).isTrue();
        assertThat(browser.perform(post(app + "/registrations").with(csrf()).param("plan", choice.group(1))).getRedirectedUrl())
                .isEqualTo(app);

        MockHttpServletResponse issued = browser.perform(post(app + "/keys").with(csrf()));
        assertThat(issued.getStatus()).isEqualTo(200);
        assertThat(issued.getHeader("Cache-Control")).contains("no-store");
        assertThat(issued.getContentAsString()).containsPattern("gh_key_[A-Za-z0-9]{40}");

        MockHttpServletResponse signedOut = browser.perform(post("/signout").with(csrf()));
        assertThat(signedOut.getRedirectedUrl()).isEqualTo("/");
        assertThat(browser.perform(get(app)).getRedirectedUrl()).startsWith("/signin?next=");
    }

    @Test
    void theCustomHostServesNothingButItsOwnPortal() throws Exception {
        String acmeSlug = acme.organization().getSlug();
        String globexSlug = globex.organization().getSlug();
        PortalBrowser anonymous = new PortalBrowser(mvc, acmeHost);
        for (String path : new String[] {"/products/secret-ledger", "/portal/" + globexSlug, "/portal/" + globexSlug
                + "/products/secret-ledger", "/portal/" + acmeSlug, "/login", "/orgs/" + acmeSlug,
                "/orgs/" + acmeSlug + "/portal/settings", "/api/v1/organizations/" + acmeSlug + "/portal/settings",
                "/oauth2/authorization/" + acmeSlug, "/oauth2/jwks", "/actuator/health", "/v3/api-docs",
                "/platform/jobs"}) {
            MockHttpServletResponse response = anonymous.perform(get(path));
            assertThat(response.getStatus()).as(path).isEqualTo(404);
            assertThat(response.getContentAsString()).as(path).doesNotContain("Secret Ledger");
        }
        MockHttpServletResponse consoleUser = anonymous.perform(get("/orgs/" + acmeSlug + "/portal/settings")
                .with(user(SignedInUser.of(acme.account()))));
        assertThat(consoleUser.getStatus()).as("even a signed-in console user").isEqualTo(404);

        PortalBrowser atGlobex = new PortalBrowser(mvc, globexHost);
        String email = "dev-" + suffix() + "@example.test";
        atGlobex.perform(post("/signup").with(csrf()).param("name", "Gee").param("email", email)
                .param("password", "a long enough password"));
        String link = mailedLink(email, "/verify-email");
        assertThat(link).startsWith("http://" + globexHost + "/");
        atGlobex.perform(get(link.substring(link.indexOf("/verify-email"))));
        assertThat(atGlobex.perform(post("/signin").with(csrf()).param("email", email)
                .param("password", "a long enough password")).getRedirectedUrl()).isEqualTo("/apps");
        assertThat(atGlobex.perform(get("/")).getContentAsString()).contains("Secret Ledger").doesNotContain("Weather API");

        PortalBrowser sameCookiesAtAcme = atGlobex.on(acmeHost);
        assertThat(sameCookiesAtAcme.perform(get("/apps")).getRedirectedUrl())
                .as("a developer of one portal is nobody on another").startsWith("/signin?next=");
        assertThat(sameCookiesAtAcme.perform(post("/signin").with(csrf()).param("email", email)
                .param("password", "a long enough password")).getStatus()).as("no account on this portal").isEqualTo(401);
    }

    @Test
    void otherHostsAreServedAsBefore() throws Exception {
        String slug = acme.organization().getSlug();
        for (String host : new String[] {"localhost", "unknown-" + suffix() + ".example"}) {
            PortalBrowser browser = new PortalBrowser(mvc, host);
            MockHttpServletResponse portal = browser.perform(get("/portal/" + slug));
            assertThat(portal.getStatus()).as(host).isEqualTo(200);
            assertThat(portal.getContentAsString()).contains("href=\"/portal/" + slug + "/signin\"");
            assertThat(browser.perform(get("/login")).getStatus()).as(host + " /login").isEqualTo(200);
            assertThat(browser.perform(get("/signin")).getRedirectedUrl()).as(host + ": a console page, not the portal's")
                    .endsWith("/login");
        }
    }

    @Test
    void overARealSocketTheHostHeaderDecides() throws Exception {
        RawResponse catalogue = request(acmeHost, "/");
        assertThat(catalogue.status()).isEqualTo(200);
        assertThat(catalogue.body()).contains("Weather API", "href=\"/products/weather\"");
        RawResponse css = request(acmeHost, "/css/portal.css");
        assertThat(css.status()).isEqualTo(200);
        RawResponse console = request(acmeHost, "/login");
        assertThat(console.status()).isEqualTo(404);
        assertThat(console.body()).doesNotContain("Password");
        RawResponse api = request(acmeHost, "/api/v1/organizations");
        assertThat(api.status()).as("the API is not there either (not a 401)").isEqualTo(404);
        RawResponse product = request(acmeHost, "/products/weather");
        assertThat(product.status()).isEqualTo(200);
        assertThat(request("localhost", "/portal/" + acme.organization().getSlug()).body())
                .contains("href=\"/portal/" + acme.organization().getSlug() + "/products/weather\"");
    }

    @Test
    void theSettingsPageShowsTheDnsRecordAndTheTlsNeeded() throws Exception {
        String slug = acme.organization().getSlug();
        MockHttpServletResponse page = mvc.perform(get("/orgs/" + slug + "/portal/settings")
                .with(user(SignedInUser.of(acme.account())))).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains(acmeHost + ". 3600 IN CNAME localhost.", "https://" + acmeHost + "/",
                "certificate");

        MockHttpServletResponse taken = mvc.perform(post("/orgs/" + slug + "/portal/settings").with(csrf())
                .with(user(SignedInUser.of(acme.account()))).param("visibility", "public").param("custom_host", globexHost))
                .andReturn().getResponse();
        assertThat(taken.getStatus()).isEqualTo(409);
        assertThat(taken.getContentAsString()).contains("already serves another portal", "aria-invalid=\"true\"");
        MockHttpServletResponse bad = mvc.perform(post("/orgs/" + slug + "/portal/settings").with(csrf())
                .with(user(SignedInUser.of(acme.account()))).param("visibility", "public")
                .param("custom_host", "https://" + acmeHost + "/")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("without scheme, port or path");
        assertThat(portals.settings(acme.organization().orgId()).customHost()).as("unchanged").isEqualTo(acmeHost);
    }

    record RawResponse(int status, String body) {
    }

    /** A plain HTTP/1.1 GET to the application's socket with the given Host header. */
    private RawResponse request(String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }

    private static String mailedLink(String email, String path) {
        String body = TestMail.awaitMailTo(email, Duration.ofSeconds(10)).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("(https?://[^\\s]+" + Pattern.quote(path) + "\\?token=[A-Za-z0-9_]+)").matcher(body);
        assertThat(link.find()).as("a link in " + body).isTrue();
        return link.group(1);
    }
}
