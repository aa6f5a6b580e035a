package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.tenancy.TenantScope;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway pages request by request through the whole application: tenant isolation (another
 * organization's control plane is a 404 on every page), viewers read but cannot write, the gateway
 * validator's messages next to their fields, keyset paging, keys shown once, and import with a dry run.
 */
class GatewayPagesIT extends GatewayConsoleTest {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GatewayPagesIT.class);

    @Test
    void everyGatewayPageOfAnotherOrganizationIsNotFound() throws Exception {
        String theirPlane = "/orgs/" + bob.organization().getSlug() + "/control-planes/" + bobsPlane.id();
        String viaMyOrg = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + bobsPlane.id();
        for (String page : List.of("/services", "/services/secret-service", "/consumers", "/config",
                "/config/export.yaml")) {
            for (String url : List.of(theirPlane + page, viaMyOrg + page)) {
                MockHttpServletResponse response = perform(get(url), alice);
                assertThat(response.getStatus()).as(url).isEqualTo(404);
                assertThat(response.getContentAsString()).doesNotContain("secret-service", "bob.internal");
            }
        }
        MockHttpServletResponse write = perform(post(viaMyOrg + "/services").with(csrf())
                .param("name", "intruder").param("url", "http://x.example"), alice);
        assertThat(write.getStatus()).isEqualTo(404);
        MockHttpServletResponse delete = perform(post("/orgs/" + alice.organization().getSlug() + "/control-planes/"
                + bobsPlane.id() + "/delete").with(csrf()), alice);
        assertThat(delete.getStatus()).isEqualTo(404);
        assertThat(perform(get("/orgs/" + alice.organization().getSlug() + "/control-planes"), alice)
                .getContentAsString()).doesNotContain("bobs-plane");
    }

    @Test
    void aViewerReadsTheGatewayPagesButCannotWrite() throws Exception {
        ControlPlane plane = planeOf(alice, "viewable-" + suffix());
        SignedInUser principal = viewer;
        String base = "/orgs/" + alice.organization().getSlug() + "/control-planes";

        MockHttpServletResponse list = mvc.perform(get(base + "/" + plane.id() + "/services").with(user(principal)))
                .andReturn().getResponse();
        assertThat(list.getStatus()).isEqualTo(200);
        assertThat(list.getContentAsString()).doesNotContain("Create a service");

        for (MockHttpServletRequestBuilder write : List.of(
                post(base).param("name", "nope"),
                post(base + "/" + plane.id() + "/delete"),
                post(base + "/" + plane.id() + "/services").param("name", "nope").param("url", "http://x.example"),
                post(base + "/" + plane.id() + "/consumers").param("username", "nope"),
                post(base + "/" + plane.id() + "/config/apply").param("content", "_format_version: \"3.0\""))) {
            MockHttpServletResponse response = mvc.perform(write.with(csrf()).with(user(principal))).andReturn()
                    .getResponse();
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentAsString()).contains("This needs the EDITOR role");
        }
        assertThat(scopes.call(TenantScope.org(alice.organization().orgId()), () -> controlPlanes.list()))
                .extracting(ControlPlane::name).doesNotContain("nope");
    }

    @Test
    void aControlPlaneIsCreatedListedAndDeleted() throws Exception {
        String base = "/orgs/" + alice.organization().getSlug() + "/control-planes";
        String name = "payments-" + suffix();

        MockHttpServletResponse created = perform(post(base).with(csrf()).param("name", name)
                .param("description", "Payment APIs").param("labels", "env=prod, team=payments"), alice);

        assertThat(created.getRedirectedUrl()).startsWith(base + "/").endsWith("/services");
        assertThat(perform(get(base), alice).getContentAsString()).contains(name, "Payment APIs", "env=prod",
                "team=payments");
        String badLabels = perform(post(base).with(csrf()).param("name", "x-" + suffix()).param("labels", "prod"),
                alice).getContentAsString();
        assertThat(badLabels).contains("id=\"labels-error\"", "key=value");

        String id = created.getRedirectedUrl().split("/")[4];
        assertThat(perform(post(base + "/" + id + "/delete").with(csrf()), alice).getRedirectedUrl()).isEqualTo(base);
        assertThat(perform(get(base), alice).getContentAsString()).doesNotContain(name);
    }

    @Test
    void theGatewaysValidatorMessagesAreShownNextToTheirFields() throws Exception {
        ControlPlane plane = planeOf(alice, "validated-" + suffix());
        String services = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/services";

        MockHttpServletResponse page = perform(post(services).with(csrf()).param("name", "orders")
                .param("host", "orders.internal").param("port", "70000"), alice);
        MockHttpServletResponse fragment = perform(post(services).with(csrf()).header("HX-Request", "true")
                .param("name", "orders").param("url", "not a url"), alice);

        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString()).contains("<html", "id=\"port-error\"", "aria-invalid=\"true\"")
                .doesNotContain("id=\"name-error\"");
        assertThat(fragment.getStatus()).isEqualTo(400);
        assertThat(fragment.getContentAsString()).startsWith("<section id=\"service-form\"")
                .contains("id=\"url-error\"", "value=\"not a url\"").doesNotContain("<html");
        MockHttpServletResponse ok = perform(post(services).with(csrf()).header("HX-Request", "true")
                .param("name", "orders").param("url", "http://orders.internal:8080/v1").param("tags", "team-a"), alice);
        assertThat(ok.getHeader("HX-Redirect")).isEqualTo(services + "/orders");
    }

    @Test
    void servicesAreListedOnePageAtATimeAndFoundByNameOrTag() throws Exception {
        ControlPlane plane = planeOf(alice, "paged-" + suffix());
        for (int i = 0; i < ServicesController.PAGE_SIZE + 5; i++) {
            ObjectNode service = json.createObjectNode().put("name", "svc-" + i).put("url", "http://svc" + i + ".internal");
            service.putArray("tags").add(i % 2 == 0 ? "even" : "odd");
            scopes.call(TenantScope.org(alice.organization().orgId()),
                    () -> entities.create(plane.id().toString(), EntityType.SERVICE, null, service));
        }
        String services = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/services";

        String first = perform(get(services), alice).getContentAsString();
        assertThat(count(first, "http://svc")).isEqualTo(ServicesController.PAGE_SIZE);
        Matcher next = Pattern.compile("href=\"[^\"]*after=([A-Za-z0-9_-]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = perform(get(services).param("after", next.group(1)).header("HX-Request", "true"), alice)
                .getContentAsString();
        assertThat(second).startsWith("<section id=\"service-results\"");
        assertThat(count(second, "http://svc")).isEqualTo(5);
        assertThat(second).doesNotContain("after=");

        String byName = perform(get(services).param("name", "svc-7"), alice).getContentAsString();
        assertThat(count(byName, "http://svc")).isEqualTo(1);
        assertThat(byName).contains("http://svc7.internal");
        String byTag = perform(get(services).param("tag", "odd"), alice).getContentAsString();
        assertThat(byTag).contains("http://svc1.internal").doesNotContain("http://svc2.internal");
    }

    @Test
    void aPluginFormIsBuiltFromItsSchemaAndItsErrorsSitNextToTheField() throws Exception {
        ControlPlane plane = planeOf(alice, "plugins-" + suffix());
        String service = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id()
                + "/services/limited";
        perform(post("/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/services")
                .with(csrf()).param("name", "limited").param("url", "http://limited.internal"), alice);

        String form = perform(get(service).param("plugin", "rate-limiting"), alice).getContentAsString();
        assertThat(form).contains("id=\"plugin-form\"", "name=\"config.minute\"", "name=\"config.policy\"");

        MockHttpServletResponse rejected = perform(post(service + "/plugins").with(csrf())
                .param("plugin", "rate-limiting").param("config.minute", "many"), alice);
        assertThat(rejected.getStatus()).isEqualTo(400);
        assertThat(rejected.getContentAsString()).contains("id=\"config-minute-error\"", "must be an integer");

        MockHttpServletResponse enabled = perform(post(service + "/plugins").with(csrf())
                .param("plugin", "rate-limiting").param("config.minute", "5"), alice);
        assertThat(enabled.getRedirectedUrl()).isEqualTo(service);
        assertThat(perform(get(service), alice).getContentAsString()).contains("rate-limiting", "&quot;minute&quot;:5");
    }

    @Test
    void aKeyIsShownOnceOnTheCreateResponse() throws Exception {
        ControlPlane plane = planeOf(alice, "keys-" + suffix());
        String consumers = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/consumers";
        String consumer = perform(post(consumers).with(csrf()).param("username", "mobile-app"), alice)
                .getRedirectedUrl();
        assertThat(consumer).isEqualTo(consumers + "/mobile-app");

        MockHttpServletResponse created = perform(post(consumer + "/key-auth").with(csrf()), alice);

        assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
        Matcher key = Pattern.compile("id=\"new-key\">([^<]+)<").matcher(created.getContentAsString());
        assertThat(key.find()).isTrue();
        assertThat(key.group(1)).hasSizeGreaterThan(16);
        String later = perform(get(consumer), alice).getContentAsString();
        assertThat(later).doesNotContain(key.group(1)).contains("id=\"keys\"");
        assertThat(count(later, "Delete key ")).isEqualTo(1);
    }

    @Test
    void anImportIsPreviewedAsADiffBeforeItIsApplied() throws Exception {
        ControlPlane plane = planeOf(alice, "declarative-" + suffix());
        String config = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/config";
        String file = """
                _format_version: "3.0"
                services:
                - name: billing
                  url: http://billing.internal:8080
                  routes:
                  - name: billing-route
                    paths: ["/billing"]
                consumers:
                - username: partner
                """;

        String preview = perform(post(config + "/preview").with(csrf()).param("content", file), alice)
                .getContentAsString();
        assertThat(preview).contains("Created (3)", "service billing", "route billing-route", "consumer partner",
                "Apply this configuration");
        String servicesBefore = perform(get(config.replace("/config", "/services")), alice).getContentAsString();
        assertThat(servicesBefore).doesNotContain("billing.internal");

        String applied = perform(post(config + "/apply").with(csrf()).param("content", file), alice)
                .getContentAsString();
        assertThat(applied).contains("Applied: 3 created, 0 updated, 0 deleted");
        assertThat(perform(get(config.replace("/config", "/services")), alice).getContentAsString())
                .contains("billing.internal");
        String exported = perform(get(config + "/export.yaml"), alice).getContentAsString();
        assertThat(exported).contains("_format_version", "billing", "billing-route", "partner");

        MockHttpServletResponse broken = perform(post(config + "/preview").with(csrf())
                .param("content", "_format_version: \"3.0\"\nservices:\n- name: bad\n  port: 70000\n  host: x\n"), alice);
        assertThat(broken.getStatus()).isEqualTo(400);
        assertThat(broken.getContentAsString()).contains("id=\"problems\"", "port");
    }

    @Test
    void aServiceIsEditedAndDeletedWithWhatHangsOffIt() throws Exception {
        ControlPlane plane = planeOf(alice, "edited-" + suffix());
        String services = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/services";
        perform(post(services).with(csrf()).param("name", "catalog").param("url", "http://catalog.internal"), alice);
        perform(post(services + "/catalog/routes").with(csrf()).param("name", "catalog-route")
                .param("paths", "/catalog").param("strip_path", "true"), alice);

        MockHttpServletResponse stale = perform(post(services + "/catalog").with(csrf()).param("name", "catalog")
                .param("url", "http://other.internal").param("version", "41"), alice);
        assertThat(stale.getStatus()).isEqualTo(412);
        MockHttpServletResponse edited = perform(post(services + "/catalog").with(csrf()).param("name", "catalog")
                .param("url", "http://catalog-v2.internal:9000").param("tags", "v2").param("version", "0"), alice);
        assertThat(edited.getRedirectedUrl()).isEqualTo(services + "/catalog");
        String page = perform(get(services + "/catalog"), alice).getContentAsString();
        assertThat(page).contains("value=\"http://catalog-v2.internal:9000\"", "value=\"v2\"", "catalog-route");

        String routeId = scopes.call(TenantScope.org(alice.organization().orgId()), () -> entities
                .get(plane.id().toString(), EntityType.ROUTE, null, "catalog-route").id().toString());
        perform(post(services + "/catalog/routes/" + routeId + "/delete").with(csrf()), alice);
        assertThat(perform(get(services + "/catalog"), alice).getContentAsString()).doesNotContain("catalog-route");

        assertThat(perform(post(services + "/catalog/delete").with(csrf()), alice).getRedirectedUrl())
                .isEqualTo(services);
        assertThat(perform(get(services + "/catalog"), alice).getStatus()).isEqualTo(404);
    }

    /**
     * 10,000 services, imported in one declarative file: the list page reads one page of them, so it costs
     * about what it costs with 60. Both are timed interleaved, under the same load of the machine; the
     * figures are logged.
     */
    @Test
    void theServicesPageCostsTheSameWithTenThousandServicesAsWithSixty() throws Exception {
        String big = servicesOfImported("big-" + suffix(), 10_000);
        String small = servicesOfImported("small-" + suffix(), 60);
        for (int i = 0; i < 5; i++) {
            perform(get(big), alice);
            perform(get(small), alice);
        }
        long[] bigMillis = new long[21];
        long[] smallMillis = new long[21];
        for (int i = 0; i < bigMillis.length; i++) {
            bigMillis[i] = timedPage(big);
            smallMillis[i] = timedPage(small);
        }
        java.util.Arrays.sort(bigMillis);
        java.util.Arrays.sort(smallMillis);
        long bigMedian = bigMillis[bigMillis.length / 2];
        long smallMedian = smallMillis[smallMillis.length / 2];
        log.info("services list page (MockMvc, whole request): 10,000 services median {} ms (max {}); 60 services"
                + " median {} ms (max {})", bigMedian, bigMillis[bigMillis.length - 1], smallMedian,
                smallMillis[smallMillis.length - 1]);
        assertThat(bigMedian).isLessThan(2 * smallMedian + 20);
    }

    private String servicesOfImported(String planeName, int services) {
        ControlPlane plane = planeOf(alice, planeName);
        ObjectNode file = json.createObjectNode().put("_format_version", "3.0");
        var list = file.putArray("services");
        for (int i = 0; i < services; i++) {
            list.addObject().put("name", "svc-" + i).put("url", "http://svc" + i + ".internal");
        }
        scopes.call(TenantScope.org(alice.organization().orgId()),
                () -> declarativeConfigs.importConfig(plane.id().toString(), file.toString(), false));
        return "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id() + "/services";
    }

    private long timedPage(String url) throws Exception {
        long start = System.nanoTime();
        MockHttpServletResponse response = perform(get(url), alice);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(count(response.getContentAsString(), "http://svc")).isEqualTo(ServicesController.PAGE_SIZE);
        return millis;
    }
}
