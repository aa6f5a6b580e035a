package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway configuration pages beyond services and key-auth, request by request: routes with Kong's whole
 * route form, upstreams with health checks and targets, plugins at every scope (edited, disabled), consumer
 * groups and credentials, certificates and SNIs, CA certificates, OpenAPI import, the service's retry policy,
 * and a declarative round trip. Each form shows the gateway validator's message next to the field it names.
 */
class GatewayConfigPagesIT extends GatewayConsoleTest {

    @Test
    void everyNewPageOfAnotherOrganizationIsNotFound() throws Exception {
        String plane = bobsPlane.id().toString();
        GatewayEntity service = as(bob, () -> entities.get(plane, EntityType.SERVICE, null, "secret-service"));
        create(bob, bobsPlane, EntityType.UPSTREAM, doc().put("name", "secret-upstream"));
        create(bob, bobsPlane, EntityType.CONSUMER_GROUP, doc().put("name", "secret-group"));
        ObjectNode route = doc().put("name", "secret-route");
        route.putArray("paths").add("/secret");
        route.putObject("service").put("id", service.id().toString());
        create(bob, bobsPlane, EntityType.ROUTE, route);
        GatewayEntity plugin = create(bob, bobsPlane, EntityType.PLUGIN, doc().put("name", "correlation-id"));
        GatewayEntity certificate = create(bob, bobsPlane, EntityType.CERTIFICATE,
                doc().put("cert", pem("rsa-cert.pem")).put("key", pem("rsa-key.pem")));

        String viaMyOrg = "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane;
        String theirs = "/orgs/" + bob.organization().getSlug() + "/control-planes/" + plane;
        for (String page : List.of("/routes", "/routes/secret-route", "/upstreams", "/upstreams/secret-upstream",
                "/consumer-groups", "/consumer-groups/secret-group", "/plugins", "/plugins/" + plugin.id(),
                "/plugins/new", "/certificates", "/certificates/" + certificate.id(), "/ca-certificates", "/openapi")) {
            for (String url : List.of(viaMyOrg + page, theirs + page)) {
                MockHttpServletResponse response = perform(get(url), alice);
                assertThat(response.getStatus()).as(url).isEqualTo(404);
                assertThat(response.getContentAsString()).doesNotContain("secret-", "api.example.com");
            }
        }
        for (MockHttpServletRequestBuilder write : List.of(
                post(viaMyOrg + "/upstreams").param("name", "intruder"),
                post(viaMyOrg + "/upstreams/secret-upstream/targets").param("target", "evil:80"),
                post(viaMyOrg + "/routes/secret-route").param("paths", "/stolen"),
                post(viaMyOrg + "/plugins/" + plugin.id() + "/enabled").param("enabled", "false"),
                post(viaMyOrg + "/plugins").param("plugin", "cors"),
                post(viaMyOrg + "/certificates/" + certificate.id() + "/delete"),
                post(viaMyOrg + "/openapi/apply").param("content", "openapi: 3.0.0"))) {
            assertThat(perform(write.with(csrf()), alice).getStatus()).isEqualTo(404);
        }
        assertThat(as(bob, () -> entities.get(plane, EntityType.PLUGIN, null, plugin.id().toString()))
                .document().path("enabled").asBoolean(true)).isTrue();
    }

    @Test
    void aViewerReadsTheNewPagesButCannotWrite() throws Exception {
        ControlPlane plane = alicesPlane("viewed");
        create(alice, plane, EntityType.UPSTREAM, doc().put("name", "pool"));
        create(alice, plane, EntityType.CONSUMER, doc().put("username", "reader"));
        GatewayEntity plugin = create(alice, plane, EntityType.PLUGIN, doc().put("name", "correlation-id"));
        String base = pathOf(plane);

        for (String page : List.of("/routes", "/upstreams", "/upstreams/pool", "/plugins", "/plugins/" + plugin.id(),
                "/consumer-groups", "/consumers/reader", "/certificates", "/ca-certificates", "/openapi")) {
            MockHttpServletResponse response = performAsViewer(get(base + page));
            assertThat(response.getStatus()).as(page).isEqualTo(200);
            assertThat(response.getContentAsString()).as(page)
                    .doesNotContain("Create an upstream", "Add a target", "Add a global plugin", "Save plugin",
                            "Create group", "Add a certificate", "Add a CA certificate", "Preview changes",
                            "Add a JWT credential", "Save consumer");
        }
        for (MockHttpServletRequestBuilder write : List.of(
                post(base + "/upstreams").param("name", "nope"),
                post(base + "/upstreams/pool/targets").param("target", "a:80"),
                post(base + "/upstreams/pool/delete"),
                post(base + "/plugins").param("plugin", "cors"),
                post(base + "/plugins/" + plugin.id()).param("enabled", "false"),
                post(base + "/plugins/" + plugin.id() + "/enabled").param("enabled", "false"),
                post(base + "/consumer-groups").param("name", "nope"),
                post(base + "/consumers/reader").param("username", "renamed"),
                post(base + "/consumers/reader/basic-auth").param("username", "u").param("password", "p"),
                post(base + "/certificates").param("cert", "x"),
                post(base + "/ca-certificates").param("cert", "x"),
                post(base + "/openapi/preview").param("content", "openapi: 3.0.0"))) {
            MockHttpServletResponse response = performAsViewer(write.with(csrf()));
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentAsString()).contains("This needs the EDITOR role");
        }
        assertThat(stored(plane, EntityType.PLUGIN, plugin.id().toString()).document().path("enabled")
                .asBoolean(true)).isTrue();
        assertThat(stored(plane, EntityType.CONSUMER, "reader").name()).isEqualTo("reader");
    }

    @Test
    void anUpstreamIsCreatedWithHealthChecksAndTargetsAndTheirMistakesSitNextToTheirFields() throws Exception {
        ControlPlane plane = alicesPlane("upstreams");
        String upstreams = pathOf(plane) + "/upstreams";

        MockHttpServletResponse rejected = perform(post(upstreams).with(csrf()).param("name", "orders-pool")
                .param("slots", "5").param("healthchecks.active.healthy.successes", "300"), alice);
        assertThat(rejected.getStatus()).isEqualTo(400);
        assertThat(rejected.getContentAsString()).contains("id=\"slots-error\"",
                "id=\"healthchecks-active-healthy-successes-error\"", "value=\"orders-pool\"");
        MockHttpServletResponse fragment = perform(post(upstreams).with(csrf()).header("HX-Request", "true")
                .param("name", "orders-pool").param("hash_on", "header"), alice);
        assertThat(fragment.getStatus()).isEqualTo(400);
        assertThat(fragment.getContentAsString()).startsWith("<section id=\"upstream-form\"")
                .contains("id=\"hash_on_header-error\"").doesNotContain("<html");

        MockHttpServletResponse created = perform(post(upstreams).with(csrf()).param("name", "orders-pool")
                .param("algorithm", "least-connections").param("healthchecks.active.http_path", "/health")
                .param("healthchecks.active.healthy.interval", "5")
                .param("healthchecks.active.unhealthy.http_statuses", "500, 503")
                .param("healthchecks.passive.unhealthy.http_failures", "3"), alice);
        assertThat(created.getRedirectedUrl()).isEqualTo(upstreams + "/orders-pool");
        ObjectNode health = (ObjectNode) stored(plane, EntityType.UPSTREAM, "orders-pool").document().get("healthchecks");
        assertThat(health.path("active").path("http_path").asString()).isEqualTo("/health");
        assertThat(health.path("active").path("unhealthy").path("http_statuses").toString()).isEqualTo("[500,503]");
        assertThat(health.path("passive").path("unhealthy").path("http_failures").asInt()).isEqualTo(3);

        String page = upstreams + "/orders-pool";
        MockHttpServletResponse badTarget = perform(post(page + "/targets").with(csrf()).param("target", "a.internal:8080")
                .param("weight", "70000"), alice);
        assertThat(badTarget.getStatus()).isEqualTo(400);
        assertThat(badTarget.getContentAsString()).contains("id=\"target-weight-error\"", "value=\"a.internal:8080\"");
        assertThat(perform(post(page + "/targets").with(csrf()).param("target", "a.internal:8080").param("weight", "50"),
                alice).getRedirectedUrl()).isEqualTo(page);
        perform(post(page + "/targets").with(csrf()).param("target", "b.internal:8080"), alice);
        String shown = perform(get(page), alice).getContentAsString();
        assertThat(shown).contains("a.internal:8080", "b.internal:8080", "value=\"/health\"", "value=\"500, 503\"");
        assertThat(count(shown, "Remove target ")).isEqualTo(2);

        // An edit removes what is emptied and keeps the targets.
        perform(post(page).with(csrf()).param("name", "orders-pool").param("algorithm", "round-robin")
                .param("version", "0"), alice);
        assertThat(stored(plane, EntityType.UPSTREAM, "orders-pool").document().has("healthchecks")).isFalse();
        assertThat(perform(get(page), alice).getContentAsString()).contains("a.internal:8080");
    }

    @Test
    void aRouteHasKongsWholeFormOnCreateAndEdit() throws Exception {
        ControlPlane plane = alicesPlane("routes");
        create(alice, plane, EntityType.SERVICE, doc().put("name", "orders").put("url", "http://orders.internal"));
        String service = pathOf(plane) + "/services/orders";

        MockHttpServletResponse badRegex = perform(post(service + "/routes").with(csrf()).param("name", "by-id")
                .param("paths", "~/orders/(?<id>\\d+$").param("headers", "Host: example.com"), alice);
        assertThat(badRegex.getStatus()).isEqualTo(400);
        assertThat(badRegex.getContentAsString()).contains("id=\"route-paths-error\"", "not a valid regular expression",
                "id=\"route-headers-error\"", "use hosts to match the Host header");

        MockHttpServletResponse created = perform(post(service + "/routes").with(csrf()).param("name", "by-id")
                .param("paths", "~/orders/(?<id>\\d{1,9})$\n/orders").param("methods", "get, post")
                .param("hosts", "api.example.com, *.example.org").param("headers", "X-Version: v1, v2")
                .param("protocols", "https").param("snis", "api.example.com").param("strip_path", "false")
                .param("preserve_host", "true").param("regex_priority", "10")
                .param("https_redirect_status_code", "308").param("tags", "orders"), alice);
        assertThat(created.getRedirectedUrl()).isEqualTo(service);
        ObjectNode route = stored(plane, EntityType.ROUTE, "by-id").document();
        assertThat(route.path("paths").toString()).isEqualTo("[\"~/orders/(?<id>\\\\d{1,9})$\",\"/orders\"]");
        assertThat(route.path("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
        assertThat(route.path("headers").path("X-Version").toString()).isEqualTo("[\"v1\",\"v2\"]");
        assertThat(route.path("https_redirect_status_code").asInt()).isEqualTo(308);
        assertThat(route.path("strip_path").asBoolean(true)).isFalse();

        String page = pathOf(plane) + "/routes/by-id";
        String form = perform(get(page), alice).getContentAsString();
        assertThat(form).contains("X-Version: v1, v2", "api.example.com, *.example.org",
                "<option value=\"308\" selected=\"selected\">308</option>");
        assertThat(perform(get(pathOf(plane) + "/routes"), alice).getContentAsString()).contains("by-id", "orders");

        MockHttpServletResponse badEdit = perform(post(page).with(csrf()).header("HX-Request", "true")
                .param("name", "by-id").param("paths", "/orders").param("snis", "api.example.com")
                .param("protocols", "http").param("version", "0"), alice);
        assertThat(badEdit.getStatus()).isEqualTo(400);
        assertThat(badEdit.getContentAsString()).startsWith("<section id=\"route-form\"")
                .contains("id=\"snis-error\"", "snis need the https protocol");
        MockHttpServletResponse edited = perform(post(page).with(csrf()).header("HX-Request", "true")
                .param("name", "by-id").param("paths", "/v2/orders").param("version", "0"), alice);
        assertThat(edited.getHeader("HX-Redirect")).isEqualTo(page);
        ObjectNode after = stored(plane, EntityType.ROUTE, "by-id").document();
        assertThat(after.path("paths").toString()).isEqualTo("[\"/v2/orders\"]");
        assertThat(after.has("headers")).isFalse();
        assertThat(stored(plane, EntityType.ROUTE, "by-id").reference(EntityType.Reference.SERVICE)).isNotNull();
    }

    @Test
    void pluginsAreAddedAtEveryScopeEditedAndDisabled() throws Exception {
        ControlPlane plane = alicesPlane("plugins");
        String base = pathOf(plane);
        GatewayEntity service = create(alice, plane, EntityType.SERVICE, doc().put("name", "svc").put("url", "http://svc.internal"));
        ObjectNode routeBody = doc().put("name", "r1");
        routeBody.putArray("paths").add("/r1");
        routeBody.putObject("service").put("id", service.id().toString());
        GatewayEntity route = create(alice, plane, EntityType.ROUTE, routeBody);
        GatewayEntity consumer = create(alice, plane, EntityType.CONSUMER, doc().put("username", "partner"));
        GatewayEntity group = create(alice, plane, EntityType.CONSUMER_GROUP, doc().put("name", "gold"));

        String global = perform(post(base + "/plugins").with(csrf()).param("plugin", "correlation-id"), alice)
                .getRedirectedUrl();
        assertThat(global).isEqualTo(base + "/plugins");
        assertThat(perform(get(base + "/plugins/new").param("route", route.id().toString()).param("plugin", "rate-limiting"),
                alice).getContentAsString()).contains("route r1", "name=\"config.minute\"",
                        "name=\"route\" value=\"" + route.id() + "\"");
        assertThat(perform(post(base + "/plugins").with(csrf()).param("plugin", "rate-limiting")
                .param("route", route.id().toString()).param("config.minute", "5"), alice).getRedirectedUrl())
                .isEqualTo(base + "/routes/" + route.id());
        assertThat(perform(post(base + "/plugins").with(csrf()).param("plugin", "rate-limiting")
                .param("consumer", consumer.id().toString()).param("config.minute", "50"), alice).getRedirectedUrl())
                .isEqualTo(base + "/consumers/" + consumer.id());
        assertThat(perform(post(base + "/plugins").with(csrf()).param("plugin", "rate-limiting")
                .param("consumer_group", group.id().toString()).param("config.hour", "1000"), alice).getRedirectedUrl())
                .isEqualTo(base + "/consumer-groups/" + group.id());
        MockHttpServletResponse authOnConsumer = perform(post(base + "/plugins").with(csrf()).param("plugin", "key-auth")
                .param("consumer", consumer.id().toString()), alice);
        assertThat(authOnConsumer.getStatus()).isEqualTo(400);
        assertThat(authOnConsumer.getContentAsString()).contains("cannot be scoped to a consumer");

        String list = perform(get(base + "/plugins"), alice).getContentAsString();
        assertThat(list).contains("correlation-id", "global", "route r1", "consumer partner", "consumer group gold");
        assertThat(perform(get(base + "/routes/r1"), alice).getContentAsString()).contains("rate-limiting",
                "&quot;minute&quot;:5");
        assertThat(perform(get(base + "/consumers/partner"), alice).getContentAsString()).contains("&quot;minute&quot;:50");
        assertThat(perform(get(base + "/consumer-groups/gold"), alice).getContentAsString()).contains("&quot;hour&quot;:1000");

        // Edit the route's rate limit: the form shows the stored config; a bad value is a message on its field.
        GatewayEntity limit = as(alice, () -> entities.list(plane.id().toString(), EntityType.PLUGIN, null,
                io.gatehouse.platform.gateways.entities.EntityFilter.none()
                        .withReference(EntityType.Reference.ROUTE, route.id()), 10, null).data().get(0));
        String pluginPage = base + "/plugins/" + limit.id();
        assertThat(perform(get(pluginPage), alice).getContentAsString()).contains("name=\"config.minute\" value=\"5\"");
        MockHttpServletResponse bad = perform(post(pluginPage).with(csrf()).param("config.minute", "10")
                .param("config.second", "20").param("version", "0"), alice);
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("id=\"config-minute-error\"");
        assertThat(perform(post(pluginPage).with(csrf()).param("config.minute", "10").param("version", "0"), alice)
                .getRedirectedUrl()).isEqualTo(base + "/routes/" + route.id());
        assertThat(stored(plane, EntityType.PLUGIN, limit.id().toString()).document().path("config").path("minute")
                .asInt()).isEqualTo(10);

        perform(post(pluginPage + "/enabled").with(csrf()).param("enabled", "false").param("back", base + "/plugins"),
                alice);
        assertThat(stored(plane, EntityType.PLUGIN, limit.id().toString()).document().path("enabled").asBoolean(true))
                .isFalse();
        assertThat(stored(plane, EntityType.PLUGIN, limit.id().toString()).document().path("config").path("minute")
                .asInt()).isEqualTo(10);
        assertThat(perform(post(pluginPage + "/enabled").with(csrf()).param("enabled", "true")
                .param("back", "https://evil.example/"), alice).getRedirectedUrl()).isEqualTo(base + "/routes/" + route.id());
    }

    @Test
    void consumerCredentialsAndGroupsNeverShowTheirSecrets() throws Exception {
        ControlPlane plane = alicesPlane("credentials");
        String base = pathOf(plane);
        create(alice, plane, EntityType.CONSUMER, doc().put("username", "mobile"));
        String consumer = base + "/consumers/mobile";

        assertThat(perform(post(consumer + "/basic-auth").with(csrf()).param("username", "mob")
                .param("password", "s3cret-Passw0rd"), alice).getRedirectedUrl()).isEqualTo(consumer);
        String hash = as(alice, () -> entities.get(plane.id().toString(), EntityType.BASIC_AUTH, null, "mob"))
                .document().path("password_hash").asString();
        assertThat(hash).startsWith("pbkdf2-sha256$");
        MockHttpServletResponse badJwt = perform(post(consumer + "/jwt").with(csrf()).param("key", "issuer-1")
                .param("algorithm", "RS256").param("rsa_public_key", "not a key").param("secret", "hmac-secret-value"),
                alice);
        assertThat(badJwt.getStatus()).isEqualTo(400);
        assertThat(badJwt.getContentAsString()).contains("id=\"jwt-rsa_public_key-error\"", "value=\"issuer-1\"")
                .doesNotContain("hmac-secret-value");
        perform(post(consumer + "/jwt").with(csrf()).param("key", "issuer-1").param("algorithm", "RS256")
                .param("rsa_public_key", pem("rsa-public.pem")), alice);
        perform(post(consumer + "/jwt").with(csrf()).param("key", "issuer-2").param("secret", "hmac-secret-value"), alice);
        perform(post(consumer + "/acls").with(csrf()).param("group", "admins"), alice);
        MockHttpServletResponse duplicateAcl = perform(post(consumer + "/acls").with(csrf()).param("group", "admins"), alice);
        assertThat(duplicateAcl.getStatus()).isEqualTo(400);
        assertThat(duplicateAcl.getContentAsString()).contains("id=\"acl-group-error\"", "already in the ACL group");

        String page = perform(get(consumer), alice).getContentAsString();
        assertThat(page).contains("mob", "issuer-1", "RS256", "issuer-2", "admins")
                .doesNotContain("s3cret-Passw0rd", hash, "hmac-secret-value");

        // Groups: joined from the group's page, shown on the consumer's form, left again.
        create(alice, plane, EntityType.CONSUMER_GROUP, doc().put("name", "gold"));
        String group = base + "/consumer-groups/gold";
        MockHttpServletResponse unknown = perform(post(group + "/members").with(csrf()).param("consumer", "nobody"), alice);
        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(unknown.getContentAsString()).contains("id=\"consumer-error\"", "no consumer &#39;nobody&#39;");
        assertThat(perform(post(group + "/members").with(csrf()).param("consumer", "mobile"), alice).getRedirectedUrl())
                .isEqualTo(group);
        assertThat(perform(get(group), alice).getContentAsString()).contains("Remove mobile from the group");
        assertThat(perform(get(consumer), alice).getContentAsString()).contains("id=\"consumer-groups\"", "value=\"gold\"");
        GatewayEntity member = stored(plane, EntityType.CONSUMER, "mobile");
        perform(post(group + "/members/" + member.id() + "/delete").with(csrf()), alice);
        assertThat(perform(get(group), alice).getContentAsString()).doesNotContain("Remove mobile from the group");

        MockHttpServletResponse renamed = perform(post(consumer).with(csrf()).param("username", "")
                .param("custom_id", "").param("version", "2"), alice);
        assertThat(renamed.getStatus()).isEqualTo(400);
        assertThat(renamed.getContentAsString()).contains("at least one of username or custom_id is required");
    }

    @Test
    void aCertificatesKeyIsNeverShownAndItsSnisAreManaged() throws Exception {
        ControlPlane plane = alicesPlane("tls");
        String certificates = pathOf(plane) + "/certificates";
        String key = pem("rsa-key.pem");
        String keyBody = key.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        MockHttpServletResponse mismatch = perform(post(certificates).with(csrf()).param("cert", pem("rsa-cert.pem"))
                .param("key", pem("other-rsa-key.pem")), alice);
        assertThat(mismatch.getStatus()).isEqualTo(400);
        assertThat(mismatch.getContentAsString()).contains("id=\"key-error\"", "does not match the certificate");
        MockHttpServletResponse created = perform(post(certificates).with(csrf()).param("cert", pem("rsa-cert.pem"))
                .param("key", key).param("snis", "api.example.com"), alice);
        assertThat(created.getRedirectedUrl()).startsWith(certificates + "/");
        String page = created.getRedirectedUrl();
        String shown = perform(get(page), alice).getContentAsString();
        assertThat(shown).contains("CN=api.example.com", "stored, not shown").doesNotContain(keyBody);
        assertThat(perform(get(certificates), alice).getContentAsString()).contains("CN=api.example.com")
                .doesNotContain(keyBody);

        MockHttpServletResponse badSni = perform(post(page + "/snis").with(csrf()).param("name", "bad name"), alice);
        assertThat(badSni.getStatus()).isEqualTo(400);
        assertThat(badSni.getContentAsString()).contains("id=\"sni-name-error\"");
        assertThat(perform(post(page + "/snis").with(csrf()).param("name", "www.example.com"), alice).getRedirectedUrl())
                .isEqualTo(page);
        assertThat(perform(get(page), alice).getContentAsString()).contains("Delete SNI www.example.com");

        // Replacing the server names without a key keeps the stored key.
        perform(post(page).with(csrf()).param("cert", pem("rsa-cert.pem")).param("snis", "api.example.com, x.example.com")
                .param("version", "0"), alice);
        GatewayEntity stored = stored(plane, EntityType.CERTIFICATE, page.substring(page.lastIndexOf('/') + 1));
        assertThat(stored.document().path("key").asString()).contains(keyBody);
        assertThat(stored.document().path("snis").toString()).contains("x.example.com");

        String cas = pathOf(plane) + "/ca-certificates";
        MockHttpServletResponse notCa = perform(post(cas).with(csrf()).param("cert", pem("leaf-not-ca-cert.pem")), alice);
        assertThat(notCa.getStatus()).isEqualTo(400);
        assertThat(notCa.getContentAsString()).contains("id=\"cert-error\"", "must be a CA certificate");
        assertThat(perform(post(cas).with(csrf()).param("cert", pem("ca-cert.pem")), alice).getRedirectedUrl())
                .isEqualTo(cas);
        assertThat(perform(get(cas), alice).getContentAsString()).contains("CN=Gatehouse Test CA");
    }

    @Test
    void anOpenApiDocumentIsPreviewedAsADiffBeforeItIsApplied() throws Exception {
        ControlPlane plane = alicesPlane("openapi");
        String openapi = pathOf(plane) + "/openapi";
        String document = """
                openapi: 3.0.3
                info: {title: Pet Store, version: "1"}
                servers: [{url: "http://pets.internal:8080/v1"}]
                paths:
                  /pets:
                    get: {operationId: listPets}
                  /pets/{petId}:
                    get: {operationId: showPet}
                """;

        String preview = perform(post(openapi + "/preview").with(csrf()).param("content", document), alice)
                .getContentAsString();
        assertThat(preview).contains("Created (3)", "service pet-store", "Apply this document");
        assertThat(as(alice, () -> entities.find(plane, EntityType.SERVICE, "pet-store"))).isEmpty();

        String applied = perform(post(openapi + "/apply").with(csrf()).param("content", document), alice)
                .getContentAsString();
        assertThat(applied).contains("Applied: 3 created");
        assertThat(perform(get(pathOf(plane) + "/routes"), alice).getContentAsString()).contains("~/pets/(?&lt;petId&gt;");
        assertThat(perform(post(openapi + "/preview").with(csrf()).param("content", document), alice)
                .getContentAsString()).contains("id=\"no-changes\"");

        MockHttpServletResponse broken = perform(post(openapi + "/preview").with(csrf())
                .param("content", "openapi: 2.0\ninfo: {title: x}\npaths: {}\n"), alice);
        assertThat(broken.getStatus()).isEqualTo(400);
        assertThat(broken.getContentAsString()).contains("id=\"problems\"", "openapi");
    }

    @Test
    void theRetryPolicyOfAServiceIsEditable() throws Exception {
        ControlPlane plane = alicesPlane("retry");
        create(alice, plane, EntityType.SERVICE, doc().put("name", "flaky").put("url", "http://flaky.internal"));
        String service = pathOf(plane) + "/services/flaky";
        assertThat(perform(get(service), alice).getContentAsString()).contains("name=\"retry.per_try_timeout\"");

        MockHttpServletResponse bad = perform(post(service).with(csrf()).header("HX-Request", "true")
                .param("name", "flaky").param("url", "http://flaky.internal").param("retry.num_retries", "3")
                .param("retry.back_off.base_interval", "100ms").param("retry.back_off.max_interval", "10ms")
                .param("retry.retry_on", "5XX, Teapot").param("version", "0"), alice);
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("id=\"retry-back_off-max_interval-error\"",
                "must not be lower than base_interval", "id=\"retry-retry_on-error\"");

        MockHttpServletResponse saved = perform(post(service).with(csrf()).param("name", "flaky")
                .param("url", "http://flaky.internal").param("retry.num_retries", "3")
                .param("retry.per_try_timeout", "2s").param("retry.back_off.base_interval", "100ms")
                .param("retry.retry_on", "5XX, 503")
                .param("retry.rate_limited_back_off.reset_headers", "[{\"name\": \"Retry-After\", \"format\": \"Seconds\"}]")
                .param("read_timeout", "5000").param("version", "0"), alice);
        assertThat(saved.getRedirectedUrl()).isEqualTo(service);
        ObjectNode retry = (ObjectNode) stored(plane, EntityType.SERVICE, "flaky").document().get("retry");
        assertThat(retry.path("num_retries").asInt()).isEqualTo(3);
        assertThat(retry.path("retry_on").toString()).isEqualTo("[\"5XX\",\"503\"]");
        assertThat(retry.path("rate_limited_back_off").path("reset_headers").get(0).path("name").asString())
                .isEqualTo("Retry-After");
        assertThat(perform(get(service), alice).getContentAsString()).contains("value=\"2s\"", "value=\"5XX, 503\"",
                "value=\"5000\"");
    }

    @Test
    void anExportedFileImportsBackWithoutChangesAndThePageExplainsTheHashes() throws Exception {
        ControlPlane plane = alicesPlane("round-trip");
        String config = pathOf(plane) + "/config";
        String file = """
                _format_version: "3.0"
                services:
                - name: billing
                  url: http://billing.internal:8080
                  routes:
                  - name: billing-route
                    paths: ["/billing"]
                  plugins:
                  - name: key-auth
                  - name: rate-limiting
                    config: {minute: 20}
                consumers:
                - username: partner
                  keyauth_credentials:
                  - key: partner-secret-key-1234
                  basicauth_credentials:
                  - username: partner-basic
                    password: partner-password
                """;
        assertThat(perform(post(config + "/apply").with(csrf()).param("content", file), alice).getContentAsString())
                .contains("Applied: 7 created");

        String exported = perform(get(config + "/export.yaml"), alice).getContentAsString();
        assertThat(exported).contains("key_hash", "password_hash").doesNotContain("partner-secret-key-1234",
                "partner-password");
        String again = perform(post(config + "/preview").with(csrf()).param("content", exported), alice)
                .getContentAsString();
        assertThat(again).contains("id=\"no-changes\"", "id=\"secrets-note\"", "key_hash")
                .doesNotContain("Apply this configuration");
        assertThat(perform(post(config + "/preview").with(csrf()).param("content", file), alice).getContentAsString())
                .contains("id=\"no-changes\"");

        // A changed file: the Apply form carries the file itself, so applying writes what was previewed.
        String changed = file.replace("minute: 20", "minute: 30");
        String preview = perform(post(config + "/preview").with(csrf()).param("content", changed), alice)
                .getContentAsString();
        assertThat(preview).contains("Updated (1)", "plugin");
        assertThat(count(preview, "config: {minute: 30}")).isEqualTo(2);
    }
}
