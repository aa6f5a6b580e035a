package io.gatehouse.console.portaladmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.portal.PortalFixtures;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.Applications;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperSignUp;
import io.gatehouse.platform.portal.developers.DeveloperStatus;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.products.AccessPlan;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.products.VersionStatus;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's API-product and developer-portal pages request by request: a product and version built with the
 * forms (OpenAPI problems listed by line, plans, docs, lifecycle), viewers read but cannot write, another
 * organization's products are not found, portal settings, and decisions on developers and access requests.
 */
class PortalConsolePagesIT extends ConsoleIntegrationTest {

    static final String PETSTORE = """
            openapi: 3.0.3
            info:
              title: Pets
              version: "1.0"
            paths:
              /pets:
                get:
                  responses:
                    "200":
                      description: pets
            """;

    @Autowired
    PortalFixtures fixtures;
    @Autowired
    Accounts accounts;
    @Autowired
    Memberships memberships;
    @Autowired
    TenantScopes scopes;
    @Autowired
    GatewayEntities entities;
    @Autowired
    JsonMapper json;
    @Autowired
    ApiProducts products;
    @Autowired
    AccessPlans plans;
    @Autowired
    Portals portals;
    @Autowired
    Developers developers;
    @Autowired
    Applications applications;
    @Autowired
    io.gatehouse.platform.portal.apps.Credentials credentials;
    @Autowired
    Registrations registrations;

    private static SignedUp acme;
    private static SignedUp globex;
    private static ControlPlane acmePlane;

    @BeforeEach
    void twoOrganizations() {
        if (acme == null) {
            acme = signUp("acme");
            globex = signUp("globex");
            acmePlane = fixtures.planeWithService(acme, "weather-service");
            fixtures.planeWithService(globex, "ledger-service");
        }
    }

    @Test
    void anEditorBuildsAndPublishesAProductVersionWithTheForms() throws Exception {
        String base = "/orgs/" + acme.organization().getSlug() + "/api-products";
        String productSlug = "weather-" + suffix();
        MockHttpServletResponse created = perform(post(base).with(csrf()).param("name", "Weather API").param("slug", productSlug)
                .param("description", "Forecasts"), acme);
        assertThat(created.getRedirectedUrl()).isEqualTo(base + "/" + productSlug);
        MockHttpServletResponse duplicate = perform(post(base).with(csrf()).param("name", "Again").param("slug", productSlug), acme);
        assertThat(duplicate.getStatus()).isEqualTo(409);

        MockHttpServletResponse productPage = perform(get(base + "/" + productSlug), acme);
        assertThat(productPage.getContentAsString()).contains("Control plane " + acmePlane.name(), "weather-service")
                .doesNotContain("ledger-service");
        MockHttpServletResponse noService = perform(post(base + "/" + productSlug + "/versions").with(csrf()).param("name", "v1"), acme);
        assertThat(noService.getStatus()).isEqualTo(400);
        assertThat(noService.getContentAsString()).contains("field-error");
        MockHttpServletResponse version = perform(post(base + "/" + productSlug + "/versions").with(csrf()).param("name", "v1")
                .param("service", acmePlane.id() + "/weather-service"), acme);
        assertThat(version.getStatus()).isEqualTo(302);
        String versionUrl = version.getRedirectedUrl();
        UUID versionId = UUID.fromString(versionUrl.substring(versionUrl.lastIndexOf('/') + 1));

        MockHttpServletResponse early = perform(post(versionUrl + "/status").with(csrf()).param("status", "published"), acme);
        assertThat(early.getStatus()).as("publishing needs a document").isIn(400, 409);

        String broken = """
                openapi: 3.0.3
                info:
                  title: Broken
                  version: "1"
                paths:
                  /pets:
                    get:
                      summary: no responses
                """;
        MockHttpServletResponse bad = perform(post(versionUrl + "/openapi").with(csrf()).param("document", broken), acme);
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("openapi-problems").containsPattern("line \\d+: ");
        assertThat(products.version(acme.organization().orgId(), versionId).hasOpenApi()).isFalse();

        MockHttpServletResponse fetchRefused = perform(post(versionUrl + "/openapi/fetch").with(csrf())
                .param("url", "http://127.0.0.1:9/openapi.yaml"), acme);
        assertThat(fetchRefused.getStatus()).isEqualTo(400);
        assertThat(fetchRefused.getContentAsString()).contains("id=\"url-error\"");

        MockHttpServletResponse uploaded = mvc.perform(multipart(versionUrl + "/openapi")
                .file(new MockMultipartFile("file", "pets.yaml", "application/yaml", PETSTORE.getBytes(StandardCharsets.UTF_8)))
                .with(csrf()).with(user(SignedInUser.of(acme.account())))).andReturn().getResponse();
        assertThat(uploaded.getStatus()).isEqualTo(302);
        assertThat(perform(get(versionUrl), acme).getContentAsString()).contains("Pets");

        MockHttpServletResponse badPlan = perform(post(versionUrl + "/plans").with(csrf()).param("name", "gold")
                .param("auth", "key-auth").param("approval", "manual").param("rate_limit_per_minute", "lots"), acme);
        assertThat(badPlan.getStatus()).isEqualTo(400);
        assertThat(badPlan.getContentAsString()).contains("must be a whole number of requests per minute");
        assertThat(perform(post(versionUrl + "/plans").with(csrf()).param("name", "gold").param("auth", "key-auth")
                .param("approval", "manual").param("rate_limit_per_minute", "100"), acme).getStatus()).isEqualTo(302);
        assertThat(perform(post(versionUrl + "/docs").with(csrf()).param("title", "Getting started")
                .param("slug", "getting-started").param("markdown", "# Hello"), acme).getStatus()).isEqualTo(302);
        String page = perform(get(versionUrl), acme).getContentAsString();
        assertThat(page).contains("gold", "100 requests/minute", "Manual", "Getting started");
        assertThat(perform(get(versionUrl).param("doc", "getting-started"), acme).getContentAsString()).contains("# Hello");

        assertThat(perform(post(versionUrl + "/status").with(csrf()).param("status", "published"), acme).getStatus())
                .isEqualTo(302);
        assertThat(products.version(acme.organization().orgId(), versionId).status()).isEqualTo(VersionStatus.PUBLISHED);
        MockHttpServletResponse past = perform(post(versionUrl + "/status").with(csrf()).param("status", "deprecated")
                .param("sunset_at", "2001-01-01"), acme);
        assertThat(past.getStatus()).isEqualTo(400);
        String sunset = LocalDate.now().plusDays(90).toString();
        assertThat(perform(post(versionUrl + "/status").with(csrf()).param("status", "deprecated")
                .param("sunset_at", sunset), acme).getStatus()).isEqualTo(302);
        assertThat(perform(get(versionUrl), acme).getContentAsString()).contains("deprecated", sunset);
    }

    @Test
    void viewersReadAndAnotherOrganizationsProductsAreNotFound() throws Exception {
        OrgId org = acme.organization().orgId();
        String productSlug = "viewable-" + suffix();
        products.create(org, new io.gatehouse.platform.portal.products.ProductDraft(productSlug, "Viewable", null));
        ProductVersion version = products.addVersion(org, productSlug,
                new io.gatehouse.platform.portal.products.VersionDraft("v1", acmePlane.id().toString(), "weather-service"));
        Account viewer = accounts.create("viewer-" + suffix() + "@example.com", "Vi Ewer", null);
        scopes.run(TenantScope.org(org), () -> memberships.add(org, viewer.getId(), OrgRole.VIEWER));
        SignedInUser principal = new SignedInUser(viewer.getId(), viewer.getEmail(), viewer.getDisplayName(), null, true, null);
        String base = "/orgs/" + acme.organization().getSlug() + "/api-products";
        String versionUrl = base + "/" + productSlug + "/versions/" + version.id();

        MockHttpServletResponse read = mvc.perform(get(versionUrl).with(user(principal))).andReturn().getResponse();
        assertThat(read.getStatus()).isEqualTo(200);
        assertThat(read.getContentAsString()).doesNotContain("Add a plan", "Save document");
        for (MockHttpServletRequestBuilder write : List.of(post(base).param("name", "x").param("slug", "x-" + suffix()),
                post(versionUrl + "/plans").param("name", "p"), post(versionUrl + "/status").param("status", "published"),
                post("/orgs/" + acme.organization().getSlug() + "/portal/settings").param("visibility", "private"))) {
            MockHttpServletResponse response = mvc.perform(write.with(csrf()).with(user(principal))).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(403);
        }

        String globexBase = "/orgs/" + globex.organization().getSlug() + "/api-products";
        for (String url : List.of(globexBase + "/" + productSlug, globexBase, base.replace(acme.organization().getSlug(),
                globex.organization().getSlug()) + "/" + productSlug + "/versions/" + version.id())) {
            assertThat(perform(get(url), acme).getStatus()).as(url).isEqualTo(404);
        }
        // A version id of this org reached through another product of it is not found either.
        String other = "other-" + suffix();
        products.create(org, new io.gatehouse.platform.portal.products.ProductDraft(other, "Other", null));
        assertThat(perform(get(base + "/" + other + "/versions/" + version.id()), acme).getStatus()).isEqualTo(404);
        assertThat(perform(get(base), globex).getContentAsString()).doesNotContain("Viewable");
    }

    @Test
    void anAdminChangesTheSettingsAndDecidesOnDevelopersAndAccessRequests() throws Exception {
        SignedUp owner = signUp("decider");
        OrgId org = owner.organization().orgId();
        String base = "/orgs/" + owner.organization().getSlug() + "/portal";

        MockHttpServletResponse badColour = perform(post(base + "/settings").with(csrf()).param("visibility", "public")
                .param("primary_color", "blue"), owner);
        assertThat(badColour.getStatus()).isEqualTo(400);
        assertThat(badColour.getContentAsString()).contains("field-error");
        MockHttpServletResponse saved = perform(post(base + "/settings").with(csrf()).param("visibility", "public")
                .param("display_name", "Decider Developers").param("primary_color", "#123456"), owner);
        assertThat(saved.getStatus()).isEqualTo(200);
        PortalSettings settings = portals.settings(org);
        assertThat(settings.displayName()).isEqualTo("Decider Developers");
        assertThat(settings.developerAutoApprove()).as("an unticked box").isFalse();

        String email = "pending-" + suffix() + "@example.test";
        Developer signedUp = developers.signUp(org, new DeveloperSignUp(email, "Pending Dev", "a long enough password"));
        String token = io.gatehouse.console.TestMail.awaitMailTo(email, java.time.Duration.ofSeconds(10))
                .replace("=\r\n", "").replace("=3D", "=").replaceAll("(?s).*token=([A-Za-z0-9_]+).*", "$1");
        assertThat(developers.verifyEmail(org, token).status()).isEqualTo(DeveloperStatus.PENDING);
        assertThat(perform(get(base + "/developers").param("status", "pending"), owner).getContentAsString()).contains(email);
        assertThat(perform(post(base + "/developers/" + signedUp.id() + "/reject").with(csrf()), owner).getStatus())
                .as("a rejection needs a reason").isEqualTo(400);
        assertThat(perform(post(base + "/developers/" + signedUp.id() + "/approve").with(csrf()), owner).getStatus()).isEqualTo(302);
        assertThat(developers.get(org, signedUp.id()).status()).isEqualTo(DeveloperStatus.ACTIVE);

        ControlPlane plane = fixtures.planeWithService(owner, "orders");
        products.create(org, new io.gatehouse.platform.portal.products.ProductDraft("orders", "Orders", null));
        ProductVersion version = products.addVersion(org, "orders",
                new io.gatehouse.platform.portal.products.VersionDraft("v1", plane.id().toString(), "orders"));
        products.uploadOpenApi(org, version.id(), PETSTORE);
        AccessPlan manual = plans.add(org, version.id(), new io.gatehouse.platform.portal.products.PlanDraft("gold", null,
                io.gatehouse.platform.portal.products.PlanAuth.KEY_AUTH, io.gatehouse.platform.portal.products.Approval.MANUAL, null));
        products.changeStatus(org, version.id(), VersionStatus.PUBLISHED, null);
        Application app = applications.create(org, signedUp.id(), new ApplicationDraft("Shop", null));
        Registration pending = registrations.request(org, signedUp.id(), app.id(), version.id(), manual.id());
        assertThat(pending.status()).isEqualTo(RegistrationStatus.PENDING);
        String clientId = credentials.issueClient(org, signedUp.id(), app.id()).credential().clientId();

        String overview = perform(get(base), owner).getContentAsString();
        assertThat(overview).as("the application's OAuth2 client id").contains("Shop", email, "pending", clientId);
        MockHttpServletResponse noReason = perform(post(base + "/registrations/" + pending.id() + "/reject").with(csrf()), owner);
        assertThat(noReason.getStatus()).isEqualTo(400);
        assertThat(noReason.getContentAsString()).contains("Give a reason");
        MockHttpServletResponse htmxNoReason = perform(post(base + "/registrations/" + pending.id() + "/reject").with(csrf())
                .header("HX-Request", "true"), owner);
        assertThat(htmxNoReason.getStatus()).isEqualTo(400);
        assertThat(htmxNoReason.getContentAsString()).startsWith("<tr").contains("Give a reason").doesNotContain("<main");
        MockHttpServletResponse htmxApproved = perform(post(base + "/registrations/" + pending.id() + "/approve").with(csrf())
                .header("HX-Request", "true"), owner);
        assertThat(htmxApproved.getStatus()).isEqualTo(200);
        assertThat(htmxApproved.getContentAsString()).contains("approved", "Revoke").doesNotContain("<main");
        assertThat(registrations.get(org, pending.id()).status()).isEqualTo(RegistrationStatus.APPROVED);
        assertThat(perform(post(base + "/registrations/" + pending.id() + "/revoke").with(csrf()).param("reason", "abuse"), owner)
                .getStatus()).isEqualTo(302);
        assertThat(registrations.get(org, pending.id()).status()).isEqualTo(RegistrationStatus.REVOKED);
        assertThat(perform(post(base + "/developers/" + signedUp.id() + "/suspend").with(csrf()), owner).getStatus()).isEqualTo(302);
        assertThat(developers.get(org, signedUp.id()).status()).isEqualTo(DeveloperStatus.SUSPENDED);

        assertThat(perform(get("/orgs/" + owner.organization().getSlug() + "/portal"), acme).getStatus())
                .as("another organization's portal admin").isEqualTo(404);
        assertThat(perform(post("/orgs/" + acme.organization().getSlug() + "/portal/registrations/" + pending.id() + "/approve")
                .with(csrf()), acme).getStatus()).as("a registration of another organization").isEqualTo(404);
    }
}
