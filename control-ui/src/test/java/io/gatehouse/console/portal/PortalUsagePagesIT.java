package io.gatehouse.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.TestMail;
import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.sync.TrafficReport;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.PortalTags;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.Applications;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperSignUp;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiCatalog;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.sync.TokenGrant;
import io.gatehouse.platform.sync.TrafficSink;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A portal application's usage page for its owner, request by request: traffic stored through the real ingest path
 * ({@link TrafficSink}) under the application's consumers on two control planes shows with exact counts and
 * percentiles (of the merged histograms), per API and per period; the charts come from the Chart.js webjar and
 * {@code /js/analytics.js} (no inline script under the portal's policy); the htmx panel; another developer's view is
 * a 404, and the console's application page shows the same numbers to the organization only.
 */
class PortalUsagePagesIT extends ConsoleIntegrationTest {

    static final String PASSWORD = "a long enough password";

    static final String OPENAPI = """
            openapi: 3.0.3
            info:
              title: Usage
              version: "1.0"
            paths:
              /things:
                get:
                  responses:
                    "200":
                      description: things
            """;

    @Autowired
    PortalFixtures fixtures;
    @Autowired
    TenantScopes scopes;
    @Autowired
    ControlPlanes controlPlanes;
    @Autowired
    GatewayEntities entities;
    @Autowired
    JsonMapper json;
    @Autowired
    ApiProducts products;
    @Autowired
    AccessPlans plans;
    @Autowired
    ApiCatalog catalog;
    @Autowired
    Developers developers;
    @Autowired
    Applications applications;
    @Autowired
    Registrations registrations;
    @Autowired
    TrafficSink traffic;

    /** Two organizations; on acme's portal an application with traffic on two control planes, and a stranger. */
    record Scenario(SignedUp acme, SignedUp globex, String slug, Developer dev, Application app, Application theirs,
            PortalBrowser owner, PortalBrowser stranger, String onWeather, Histogram all) {
    }

    private Scenario scenario() throws Exception {
        SignedUp acme = signUp("acme");
        SignedUp globex = signUp("globex");
        OrgId org = acme.organization().orgId();
        String slug = acme.organization().getSlug();
        ProductVersion weather = fixtures.publishedProduct(acme, "weather", "Weather API", OPENAPI, PlanAuth.KEY_AUTH);
        ProductVersion maps = fixtures.publishedProduct(acme, "maps", "Maps API", OPENAPI, PlanAuth.KEY_AUTH);
        PortalBrowser owner = new PortalBrowser(mvc);
        Developer dev = signedInDeveloper(org, slug, owner);
        PortalBrowser stranger = new PortalBrowser(mvc);
        Developer other = signedInDeveloper(org, slug, stranger);
        Application app = applications.create(org, dev.id(), new ApplicationDraft("Forecaster", null));
        Application theirs = applications.create(org, other.id(), new ApplicationDraft("Theirs", null));
        register(org, dev, app, weather);
        register(org, dev, app, maps);
        register(org, other, theirs, weather);

        // On weather's control plane: 60 × 2xx of 20 ms, 6 × 4xx of 4 ms, 4 × 5xx of 700 ms; on maps': 30 × 2xx of
        // 80 ms. The other developer's application and anonymous calls on weather's must not count.
        Histogram ok = repeated(60, 20_000);
        Histogram client = repeated(6, 4_000);
        Histogram server = repeated(4, 700_000);
        Histogram mapsOk = repeated(30, 80_000);
        long bucket = (Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond() / 10) * 10;
        String onWeather = consumerId(org, weather, app);
        store(org, weather, bucket, row(weather, onWeather, 2, 60, ok), row(weather, onWeather, 4, 6, client),
                row(weather, onWeather, 5, 4, server), row(weather, consumerId(org, weather, theirs), 2, 500,
                        repeated(500, 5_000_000)), row(weather, "", 2, 70, repeated(70, 1_000)));
        store(org, maps, bucket, row(maps, consumerId(org, maps, app), 2, 30, mapsOk));
        Histogram all = new Histogram(2);
        for (Histogram part : List.of(ok, client, server, mapsOk)) {
            all.add(part);
        }
        return new Scenario(acme, globex, slug, dev, app, theirs, owner, stranger, onWeather, all);
    }

    @Test
    void theOwnerSeesTheApplicationsRequestsErrorsAndLatencyAndNobodyElseDoes() throws Exception {
        Scenario scenario = scenario();
        SignedUp acme = scenario.acme();
        SignedUp globex = scenario.globex();
        String slug = scenario.slug();
        Developer dev = scenario.dev();
        Application app = scenario.app();
        Application theirs = scenario.theirs();
        PortalBrowser owner = scenario.owner();
        PortalBrowser stranger = scenario.stranger();
        String onWeather = scenario.onWeather();
        Histogram all = scenario.all();
        String usage = "/portal/" + slug + "/apps/" + app.id() + "/usage";

        MockHttpServletResponse page = owner.perform(get(usage));

        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        assertThat(figures(html)).containsExactlyEntriesOf(expected(100, 6, 4, "10.00%", all));
        assertThat(html).contains("Usage of Forecaster", "Last hour", "data-chart=", "/webjars/chart.js/",
                "/js/analytics.js", "/webjars/htmx.org/");
        assertThat(productRows(html)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Weather API v1", "70 6 4", "Maps API v1", "30 0 0"));
        assertThat(html).doesNotContain("<script>");
        assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-eval");
        String chartjs = html.replaceAll("(?s).*src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
        assertThat(mvc.perform(get(chartjs)).andReturn().getResponse().getContentAsString()).contains("Chart");
        assertThat(mvc.perform(get("/js/analytics.js")).andReturn().getResponse().getStatus()).isEqualTo(200);

        // The htmx panel (range picker and the 30 s refresh), and the app page's glance at the last 24 hours.
        MockHttpServletResponse panel = owner.perform(get(usage + "?range=24h").header("HX-Request", "true"));
        assertThat(panel.getStatus()).isEqualTo(200);
        assertThat(panel.getContentAsString()).contains("id=\"usage\"", "Last 24 hours", "hx-trigger=\"every 30s\"")
                .doesNotContain("<html");
        assertThat(figures(panel.getContentAsString())).containsExactlyEntriesOf(expected(100, 6, 4, "10.00%", all));
        String appPage = owner.perform(get("/portal/" + slug + "/apps/" + app.id())).getContentAsString();
        assertThat(appPage).contains("hx-get=\"" + usage + "?range=24h\"", "hx-select=\"#usage-summary\"",
                "href=\"" + usage + "\"").doesNotContain("does not show usage");
        assertThat(owner.perform(get(usage + "?range=forever")).getStatus()).isEqualTo(400);

        // Only the owner: another developer of the same portal gets a 404, a visitor is sent to sign in, and being
        // signed in on one portal is nobody on another.
        MockHttpServletResponse refused = stranger.perform(get(usage));
        assertThat(refused.getStatus()).isEqualTo(404);
        assertThat(refused.getContentAsString()).doesNotContain("Forecaster");
        assertThat(stranger.perform(get(usage).header("HX-Request", "true")).getStatus()).isEqualTo(404);
        assertThat(new PortalBrowser(mvc).perform(get(usage)).getRedirectedUrl()).startsWith("/portal/" + slug + "/signin?next=");
        assertThat(owner.perform(get("/portal/" + globex.organization().getSlug() + "/apps/" + app.id() + "/usage"))
                .getRedirectedUrl()).startsWith("/portal/" + globex.organization().getSlug() + "/signin");
        assertThat(owner.perform(get("/portal/" + slug + "/apps/" + theirs.id() + "/usage")).getStatus()).isEqualTo(404);

        // The console: the application's page in the portal admin, linked from the overview; another org's is a 404.
        String consoleApp = "/orgs/" + slug + "/portal/apps/" + app.id();
        assertThat(console(get("/orgs/" + slug + "/portal"), acme).getContentAsString()).contains("href=\"" + consoleApp + "\"");
        MockHttpServletResponse consolePage = console(get(consoleApp), acme);
        assertThat(consolePage.getStatus()).isEqualTo(200);
        assertThat(figures(consolePage.getContentAsString())).containsExactlyEntriesOf(expected(100, 6, 4, "10.00%", all));
        assertThat(consolePage.getContentAsString()).contains(PortalTags.consumerName(app.id()), onWeather, dev.email());
        assertThat(console(get(consoleApp + "?range=7d").header("HX-Request", "true"), acme).getContentAsString())
                .contains("Last 7 days", "id=\"usage-requests\">100<").doesNotContain("<html");
        assertThat(console(get("/orgs/" + globex.organization().getSlug() + "/portal/apps/" + app.id()), globex).getStatus())
                .isEqualTo(404);
    }

    @Test
    void theChartsAndTheRangePickerWorkInChromiumUnderThePortalPolicy() throws Exception {
        Scenario scenario = scenario();
        org.openqa.selenium.WebDriver chromium = io.gatehouse.console.browser.Browser.get();
        chromium.manage().deleteAllCookies();
        org.openqa.selenium.support.ui.WebDriverWait wait = new org.openqa.selenium.support.ui.WebDriverWait(chromium,
                Duration.ofSeconds(20));
        chromium.get(baseUrl() + "/portal/" + scenario.slug() + "/signin");
        chromium.findElement(org.openqa.selenium.By.id("email")).sendKeys(scenario.dev().email());
        chromium.findElement(org.openqa.selenium.By.id("password")).sendKeys(PASSWORD);
        chromium.findElement(org.openqa.selenium.By.cssSelector("form[action$='/signin'] button[type=submit]")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.urlMatches("/apps$"));

        // The app page fetches the last 24 hours' figures with htmx.
        chromium.get(baseUrl() + "/portal/" + scenario.slug() + "/apps/" + scenario.app().id());
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(
                org.openqa.selenium.By.cssSelector("#usage-glance #usage-requests"), "100"));

        // The usage page: both charts drawn by Chart.js, with the numbers of the panel.
        chromium.findElement(org.openqa.selenium.By.partialLinkText("Requests, errors and latency")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.urlMatches("/usage$"));
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) chromium;
        String charted = "var charts = Array.from(document.querySelectorAll('#usage canvas')).map(c => Chart.getChart(c));"
                + " return charts.length === 2 && charts.every(c => c) ? charts.map(c => c.data.datasets.map("
                + "d => d.data.filter(v => v !== null).reduce((a, b) => a + b, 0)).join('/')).join(' ') : null;";
        wait.until(driver -> js.executeScript("return typeof Chart !== 'undefined' && typeof htmx !== 'undefined'"));
        Object sums = wait.until(driver -> js.executeScript(charted));
        // Requests chart: 90 × 2xx/3xx, 6 × 4xx, 4 × 5xx in the stacked bars.
        assertThat(sums.toString()).startsWith("90/6/4 ");

        // Another range: htmx swaps the panel, pushes the URL, and the charts are drawn again.
        js.executeScript("document.getElementById('usage').setAttribute('data-old', 'yes')");
        new org.openqa.selenium.support.ui.Select(chromium.findElement(org.openqa.selenium.By.id("range")))
                .selectByValue("7d");
        chromium.findElement(org.openqa.selenium.By.cssSelector("#range-form button[type=submit]")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("range=7d"));
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                org.openqa.selenium.By.cssSelector("#usage h2"), "Last 7 days"));
        assertThat(js.executeScript("return document.getElementById('usage').getAttribute('data-old')"))
                .as("swapped, not reloaded").isNull();
        assertThat(wait.until(driver -> js.executeScript(charted)).toString()).startsWith("90/6/4 ");
        assertThat(chromium.findElement(org.openqa.selenium.By.id("usage-requests")).getText()).isEqualTo("100");
    }

    /** The headline figures of a usage panel, by their element id. */
    private static Map<String, String> figures(String html) {
        Map<String, String> figures = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("<dd id=\"usage-([a-z0-9-]+)\">([^<]*)</dd>").matcher(html);
        while (matcher.find()) {
            figures.put(matcher.group(1), matcher.group(2));
        }
        return figures;
    }

    private static Map<String, String> expected(long requests, long clientErrors, long serverErrors, String errorRate,
            Histogram latency) {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("requests", String.valueOf(requests));
        figures.put("4xx", String.valueOf(clientErrors));
        figures.put("5xx", String.valueOf(serverErrors));
        figures.put("error-rate", errorRate);
        DecimalFormat ms = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        for (int percentile : List.of(50, 95, 99)) {
            figures.put("p" + percentile, ms.format(latency.highestEquivalentValue(latency.getValueAtPercentile(percentile))
                    / 1000.0) + " ms");
        }
        return figures;
    }

    /** The "By API" table: name → "requests 4xx 5xx". */
    private static Map<String, String> productRows(String html) {
        String table = html.substring(html.indexOf("id=\"usage-products\""), html.indexOf("</table>", html.indexOf("id=\"usage-products\"")));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("<tr>\\s*<td>([^<]+)</td>\\s*<td>(\\d+)</td>\\s*<td>(\\d+)</td>\\s*<td>(\\d+)</td>")
                .matcher(table);
        while (matcher.find()) {
            rows.put(matcher.group(1), matcher.group(2) + " " + matcher.group(3) + " " + matcher.group(4));
        }
        return rows;
    }

    private void register(OrgId org, Developer developer, Application app, ProductVersion version) {
        UUID plan = catalog.plans(org, version.id()).get(0).id();
        assertThat(registrations.request(org, developer.id(), app.id(), version.id(), plan).status().name())
                .isEqualTo("APPROVED");
    }

    /** The consumer config provisioning wrote for the application on the version's control plane. */
    private String consumerId(OrgId org, ProductVersion version, Application app) {
        ControlPlane plane = scopes.call(TenantScope.org(org), () -> controlPlanes.getById(version.controlPlaneId()));
        GatewayEntity consumer = scopes.call(TenantScope.org(org),
                () -> entities.find(plane, EntityType.CONSUMER, PortalTags.consumerName(app.id()))).orElseThrow();
        return consumer.id().toString();
    }

    private void store(OrgId org, ProductVersion version, long bucket, TrafficReport.Row... rows) {
        traffic.store(new TokenGrant(UUID.randomUUID(), org, version.controlPlaneId()), "node-" + suffix(),
                new TrafficReport("s-" + suffix(), 1, 10, List.of(new TrafficReport.Bucket(bucket, List.of(rows)))));
    }

    private static TrafficReport.Row row(ProductVersion version, String consumer, int statusClass, long requests,
            Histogram latency) {
        return new TrafficReport.Row(version.serviceId().toString(), "route", consumer, statusClass, requests, 0, 0,
                TrafficRecorder.encode(latency), TrafficRecorder.encode(latency));
    }

    private static Histogram repeated(int count, long micros) {
        Histogram histogram = new Histogram(2);
        histogram.recordValueWithCount(micros, count);
        return histogram;
    }

    private Developer signedInDeveloper(OrgId org, String slug, PortalBrowser browser) throws Exception {
        String email = "dev-" + suffix() + "@example.test";
        developers.signUp(org, new DeveloperSignUp(email, "Dev", "a long enough password"));
        String body = TestMail.awaitMailTo(email, Duration.ofSeconds(10)).replace("=\r\n", "").replace("=3D", "=");
        Matcher token = Pattern.compile("verify-email\\?token=([A-Za-z0-9_]+)").matcher(body);
        assertThat(token.find()).as("a verification link in " + body).isTrue();
        Developer developer = developers.verifyEmail(org, token.group(1));
        MockHttpServletResponse signedIn = browser.perform(post("/portal/" + slug + "/signin").with(csrf())
                .param("email", email).param("password", "a long enough password"));
        assertThat(signedIn.getStatus()).isEqualTo(302);
        return developer;
    }

    private MockHttpServletResponse console(MockHttpServletRequestBuilder request, SignedUp as) throws Exception {
        return mvc.perform(request.with(user(SignedInUser.of(as.account())))).andReturn().getResponse();
    }
}
