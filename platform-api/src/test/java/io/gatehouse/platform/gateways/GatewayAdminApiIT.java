package io.gatehouse.platform.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * The Admin API of gateway configuration through the real security chains: every entity type's CRUD, the
 * field errors, references, optimistic concurrency, paging, roles and tenant isolation.
 */
class GatewayAdminApiIT extends GatewayApiSupport {

    /** One entity type: where to create it, a valid body, a change, and the field the change shows in. */
    record Case(String collection, String nestedPath, String create, String patch, String changedField,
            List<String> hiddenFields) {
    }

    @Test
    void everyEntityTypeCanBeCreatedReadReplacedPatchedAndDeleted() {
        Tenant t = tenant();
        String cert = resource("test-cert.pem");
        String key = resource("test-key.pem");
        List<Case> cases = List.of(
                new Case("services", "/services", "{\"name\":\"orders\",\"url\":\"http://orders.internal:8080/v1\",\"tags\":[\"shop\"]}",
                        "{\"retries\":3}", "retries", List.of()),
                new Case("routes", "/services/orders/routes", "{\"name\":\"orders-route\",\"paths\":[\"/orders\"],\"methods\":[\"GET\"]}",
                        "{\"strip_path\":false}", "strip_path", List.of()),
                new Case("upstreams", "/upstreams", "{\"name\":\"orders.upstream\",\"algorithm\":\"round-robin\"}",
                        "{\"algorithm\":\"least-connections\"}", "algorithm", List.of()),
                new Case("targets", "/upstreams/orders.upstream/targets", "{\"target\":\"10.0.0.1:8080\",\"weight\":100}",
                        "{\"weight\":50}", "weight", List.of()),
                new Case("consumers", "/consumers", "{\"username\":\"alice\",\"custom_id\":\"c-1\"}",
                        "{\"custom_id\":\"c-2\"}", "custom_id", List.of()),
                new Case("consumer-groups", "/consumer-groups", "{\"name\":\"gold\"}", "{\"tags\":[\"vip\"]}", "tags", List.of()),
                new Case("key-auth", "/consumers/alice/key-auth", "{\"key\":\"alice-key-0123456789\"}",
                        "{\"tags\":[\"rotated\"]}", "tags", List.of("key", "key_hash")),
                new Case("basic-auth", "/consumers/alice/basic-auth", "{\"username\":\"alice-basic\",\"password\":\"hunter2hunter2\"}",
                        "{\"tags\":[\"b\"]}", "tags", List.of("password", "password_hash")),
                new Case("jwt", "/consumers/alice/jwt", "{\"key\":\"alice-issuer\",\"secret\":\"a-long-hmac-secret-0123456789abcdef\"}",
                        "{\"tags\":[\"j\"]}", "tags", List.of("secret")),
                new Case("acls", "/consumers/alice/acls", "{\"group\":\"admins\"}", "{\"tags\":[\"a\"]}", "tags", List.of()),
                new Case("plugins", "/services/orders/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"minute\":10}}",
                        "{\"config\":{\"minute\":20}}", "config", List.of()),
                new Case("certificates", "/certificates", "{\"cert\":" + quoted(cert) + ",\"key\":" + quoted(key) + "}",
                        "{\"tags\":[\"tls\"]}", "tags", List.of("key")),
                new Case("ca-certificates", "/ca-certificates", "{\"cert\":" + quoted(cert) + "}", "{\"tags\":[\"ca\"]}",
                        "tags", List.of()));
        List<String> created = new ArrayList<>();
        for (Case c : cases) {
            Response post = send(HttpMethod.POST, t.base() + c.nestedPath(), t.editor(), c.create());
            assertThat(post.status()).as("create %s: %s", c.collection(), post.text()).isEqualTo(201);
            assertThat(post.etag()).isEqualTo("\"0\"");
            c.hiddenFields().forEach(field -> assertThat(post.body().has(field)).as("%s.%s shown", c.collection(), field).isFalse());
            String id = post.body().get("id").asString();
            created.add(c.collection() + "/" + id);

            Response get = send(HttpMethod.GET, t.base() + "/" + c.collection() + "/" + id, t.viewer(), null);
            assertThat(get.status()).as("read %s", c.collection()).isEqualTo(200);
            c.hiddenFields().forEach(field -> assertThat(get.body().has(field)).isFalse());

            Response patch = send(HttpMethod.PATCH, t.base() + c.nestedPath() + "/" + id, t.editor(), c.patch(),
                    MediaType.APPLICATION_JSON, "\"0\"");
            assertThat(patch.status()).as("patch %s: %s", c.collection(), patch.text()).isEqualTo(200);
            assertThat(patch.body().get(c.changedField())).isEqualTo(json.readTree(c.patch()).get(c.changedField()));
            assertThat(patch.etag()).isEqualTo("\"1\"");

            Response stale = send(HttpMethod.PATCH, t.base() + c.nestedPath() + "/" + id, t.editor(), c.patch(),
                    MediaType.APPLICATION_JSON, "\"0\"");
            assertThat(stale.status()).as("stale patch %s", c.collection()).isEqualTo(412);

            Response put = send(HttpMethod.PUT, t.base() + c.nestedPath() + "/" + id, t.editor(), c.create());
            assertThat(put.status()).as("replace %s: %s", c.collection(), put.text()).isEqualTo(200);
            assertThat(put.body().get("id").asString()).isEqualTo(id);

            Response list = send(HttpMethod.GET, t.base() + c.nestedPath(), t.viewer(), null);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body().get("data")).extracting(node -> node.get("id").asString()).contains(id);
        }
        Response sni = send(HttpMethod.POST, t.base() + "/snis", t.editor(),
                "{\"name\":\"api.example.test\",\"certificate\":{\"id\":\"" + created.get(11).split("/")[1] + "\"}}");
        assertThat(sni.status()).as(sni.text()).isEqualTo(201);
        created.add("snis/" + sni.body().get("id").asString());

        for (int i = created.size() - 1; i >= 0; i--) {
            String path = t.base() + "/" + created.get(i);
            Response delete = send(HttpMethod.DELETE, path, t.editor(), null);
            assertThat(delete.status()).as("delete %s: %s", created.get(i), delete.text()).isEqualTo(204);
            assertThat(send(HttpMethod.GET, path, t.viewer(), null).status()).isEqualTo(404);
        }
    }

    @Test
    void putCreatesUnderTheGivenNameAndReplacesAfterwards() {
        Tenant t = tenant();
        Response created = send(HttpMethod.PUT, t.base() + "/services/billing", t.editor(), "{\"url\":\"http://billing:80\"}");
        Response replaced = send(HttpMethod.PUT, t.base() + "/services/billing", t.editor(), "{\"url\":\"http://billing:81\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asString()).isEqualTo("billing");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().get("id")).isEqualTo(created.body().get("id"));
        assertThat(replaced.body().get("url").asString()).isEqualTo("http://billing:81");
    }

    @Test
    void patchingAKeyOrPasswordReplacesTheStoredHash() throws Exception {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/consumers", t.editor(), "{\"username\":\"alice\"}");
        String key = send(HttpMethod.POST, t.base() + "/consumers/alice/key-auth", t.editor(), "{\"key\":\"first-key-0001\"}")
                .body().get("id").asString();
        String basic = send(HttpMethod.POST, t.base() + "/consumers/alice/basic-auth", t.editor(),
                "{\"username\":\"alice-b\",\"password\":\"first-password\"}").body().get("id").asString();

        Response newKey = send(HttpMethod.PATCH, t.base() + "/consumers/alice/key-auth/" + key, t.editor(), "{\"key\":\"second-key-0002\"}");
        Response newPassword = send(HttpMethod.PATCH, t.base() + "/consumers/alice/basic-auth/" + basic, t.editor(),
                "{\"password\":\"second-password\"}");

        assertThat(newKey.status()).as(newKey.text()).isEqualTo(200);
        assertThat(newPassword.status()).as(newPassword.text()).isEqualTo(200);
        String exported = send(HttpMethod.GET, t.base() + "/config", t.viewer(), null).text();
        assertThat(exported).contains(io.gatehouse.gateway.config.secrets.SecretHashes.keyHash("second-key-0002"))
                .doesNotContain(io.gatehouse.gateway.config.secrets.SecretHashes.keyHash("first-key-0001"))
                .doesNotContain("second-password");
        String hash = io.gatehouse.gateway.config.ConfigJson.yaml().readTree(exported).get("consumers").get(0)
                .get("basicauth_credentials").get(0).get("password_hash").asString();
        assertThat(io.gatehouse.gateway.config.secrets.SecretHashes.verifyPassword("second-password", hash)).isTrue();
    }

    @Test
    void badInputIsA400NamingTheField() {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/services", t.editor(), "{\"name\":\"s\",\"url\":\"http://s\"}");
        record Rule(String path, String body, String field) {
        }
        List<Rule> rules = List.of(
                new Rule("/services", "{\"name\":\"a\",\"port\":\"eighty\"}", "port"),
                new Rule("/services", "{\"name\":\"a\",\"url\":\"http://a\",\"colour\":\"blue\"}", "colour"),
                new Rule("/services", "{\"name\":\"a\",\"url\":\"http://a\",\"retry\":{\"num_retries\":\"x\"}}", "retry.num_retries"),
                new Rule("/routes", "{\"name\":\"r\",\"paths\":[\"/a\"],\"service\":{\"name\":\"missing\"}}", "service"),
                new Rule("/services/s/routes", "{\"name\":\"r\",\"paths\":\"/a\"}", "paths"),
                new Rule("/services", "{\"id\":\"not-a-uuid\",\"name\":\"b\",\"url\":\"http://b\"}", "id"));
        for (Rule rule : rules) {
            Response response = send(HttpMethod.POST, t.base() + rule.path(), t.editor(), rule.body());
            assertThat(response.status()).as("%s %s", rule.path(), rule.body()).isEqualTo(400);
            assertThat(response.body().get("errors")).as(response.text())
                    .extracting(error -> error.get("field").asString()).contains(rule.field());
        }
        assertThat(send(HttpMethod.GET, "/api/v1/control-planes/" + t.controlPlane(), t.viewer(), null)
                .body().get("revision").asLong()).as("failed writes leave the revision alone").isEqualTo(1);
    }

    @Test
    void deletingAServiceThatRoutesUseIsAConflictUnlessCascaded() {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/services", t.editor(), "{\"name\":\"s\",\"url\":\"http://s\"}");
        send(HttpMethod.POST, t.base() + "/services/s/routes", t.editor(), "{\"name\":\"r\",\"paths\":[\"/s\"]}");

        Response conflict = send(HttpMethod.DELETE, t.base() + "/services/s", t.editor(), null);
        Response cascaded = send(HttpMethod.DELETE, t.base() + "/services/s?cascade=true", t.editor(), null);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().get("detail").asString()).contains("route 'r'");
        assertThat(cascaded.status()).isEqualTo(204);
        assertThat(send(HttpMethod.GET, t.base() + "/routes/r", t.viewer(), null).status()).isEqualTo(404);
    }

    @Test
    void listsArePagedWithAnOffsetTokenAndFilteredByTagsAndName() {
        Tenant t = tenant();
        for (int i = 0; i < 5; i++) {
            String tags = i % 2 == 0 ? "[\"even\",\"all\"]" : "[\"odd\",\"all\"]";
            send(HttpMethod.POST, t.base() + "/services", t.editor(),
                    "{\"name\":\"svc" + i + "\",\"url\":\"http://svc\",\"tags\":" + tags + "}");
        }
        List<String> seen = new ArrayList<>();
        String next = t.base() + "/services?size=2";
        int pages = 0;
        while (next != null) {
            Response page = send(HttpMethod.GET, next, t.viewer(), null);
            page.body().get("data").forEach(service -> seen.add(service.get("name").asString()));
            next = page.body().get("next").isNull() ? null : page.body().get("next").asString();
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrder("svc0", "svc1", "svc2", "svc3", "svc4");
        assertThat(names(send(HttpMethod.GET, t.base() + "/services?tags=even,all", t.viewer(), null)))
                .containsExactlyInAnyOrder("svc0", "svc2", "svc4");
        assertThat(names(send(HttpMethod.GET, t.base() + "/services?tags=odd/even", t.viewer(), null))).hasSize(5);
        assertThat(names(send(HttpMethod.GET, t.base() + "/services?name=svc3", t.viewer(), null))).containsExactly("svc3");
        assertThat(send(HttpMethod.GET, t.base() + "/services?size=0", t.viewer(), null).status()).isEqualTo(400);
        assertThat(send(HttpMethod.GET, t.base() + "/services?offset=%%%", t.viewer(), null).status()).isEqualTo(400);
    }

    @Test
    void controlPlanesHaveETagsAndEveryWriteBumpsTheRevision() {
        Tenant t = tenant();
        String path = "/api/v1/control-planes/" + t.controlPlane();
        Response read = send(HttpMethod.GET, path, t.viewer(), null);
        Response patched = send(HttpMethod.PATCH, path, t.editor(), "{\"description\":\"changed\"}",
                MediaType.APPLICATION_JSON, read.etag());
        Response stale = send(HttpMethod.PATCH, path, t.editor(), "{\"description\":\"again\"}",
                MediaType.APPLICATION_JSON, read.etag());
        send(HttpMethod.POST, path + "/services", t.editor(), "{\"name\":\"a\",\"url\":\"http://a\"}");
        send(HttpMethod.PATCH, path + "/services/a", t.editor(), "{\"retries\":1}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("description").asString()).isEqualTo("changed");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(send(HttpMethod.GET, path, t.viewer(), null).body().get("revision").asLong()).isEqualTo(2);
        assertThat(send(HttpMethod.POST, "/api/v1/control-planes", t.editor(), "{\"name\":\"" + t.controlPlane() + "\"}")
                .status()).isEqualTo(409);
        assertThat(send(HttpMethod.POST, "/api/v1/control-planes", t.editor(), "{\"name\":\"\",\"labels\":{\"Bad Key\":\"x\"}}")
                .body().get("errors")).extracting(e -> e.get("field").asString()).contains("name", "labels.Bad Key");
    }

    @Test
    void viewersCannotWrite() {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/services", t.editor(), "{\"name\":\"a\",\"url\":\"http://a\"}");

        assertThat(send(HttpMethod.POST, "/api/v1/control-planes", t.viewer(), "{\"name\":\"v\"}").status()).isEqualTo(403);
        assertThat(send(HttpMethod.PATCH, "/api/v1/control-planes/" + t.controlPlane(), t.viewer(), "{}").status()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, t.base() + "/services", t.viewer(), "{\"name\":\"b\",\"url\":\"http://b\"}").status()).isEqualTo(403);
        assertThat(send(HttpMethod.PUT, t.base() + "/services/a", t.viewer(), "{\"url\":\"http://b\"}").status()).isEqualTo(403);
        assertThat(send(HttpMethod.PATCH, t.base() + "/services/a", t.viewer(), "{\"retries\":1}").status()).isEqualTo(403);
        assertThat(send(HttpMethod.DELETE, t.base() + "/services/a", t.viewer(), null).status()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, t.base() + "/config", t.viewer(), "_format_version: \"3.0\"\n").status()).isEqualTo(403);
        assertThat(send(HttpMethod.GET, t.base() + "/services/a", t.viewer(), null).status()).isEqualTo(200);
    }

    @Test
    void anotherOrganizationsControlPlaneAndEntitiesAreNotFoundOnEveryEndpoint() {
        Tenant owner = tenant();
        Tenant stranger = tenant();
        String base = owner.base();
        send(HttpMethod.POST, base + "/services", owner.editor(), "{\"name\":\"a\",\"url\":\"http://a\"}");
        send(HttpMethod.POST, base + "/consumers", owner.editor(), "{\"username\":\"c\"}");
        String byId = "/api/v1/control-planes/" + owner.controlPlaneId();
        record Call(HttpMethod method, String path, String body) {
        }
        List<Call> calls = new ArrayList<>();
        for (String cp : List.of(base, byId)) {
            calls.add(new Call(HttpMethod.GET, cp, null));
            calls.add(new Call(HttpMethod.PUT, cp, "{\"name\":\"x\"}"));
            calls.add(new Call(HttpMethod.PATCH, cp, "{\"description\":\"x\"}"));
            calls.add(new Call(HttpMethod.DELETE, cp, null));
            for (String collection : List.of("services", "routes", "upstreams", "consumers", "consumer-groups", "plugins",
                    "certificates", "snis", "ca-certificates")) {
                calls.add(new Call(HttpMethod.GET, cp + "/" + collection, null));
                calls.add(new Call(HttpMethod.POST, cp + "/" + collection, "{\"name\":\"x\"}"));
            }
            calls.add(new Call(HttpMethod.GET, cp + "/services/a", null));
            calls.add(new Call(HttpMethod.PUT, cp + "/services/a", "{\"url\":\"http://x\"}"));
            calls.add(new Call(HttpMethod.PATCH, cp + "/services/a", "{\"retries\":1}"));
            calls.add(new Call(HttpMethod.DELETE, cp + "/services/a", null));
            calls.add(new Call(HttpMethod.GET, cp + "/services/a/routes", null));
            calls.add(new Call(HttpMethod.POST, cp + "/services/a/routes", "{\"paths\":[\"/x\"]}"));
            calls.add(new Call(HttpMethod.GET, cp + "/consumers/c/key-auth", null));
            calls.add(new Call(HttpMethod.POST, cp + "/consumers/c/key-auth", "{}"));
            calls.add(new Call(HttpMethod.GET, cp + "/config", null));
            calls.add(new Call(HttpMethod.POST, cp + "/config", "_format_version: \"3.0\"\n"));
            calls.add(new Call(HttpMethod.POST, cp + "/openapi-import", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\"},\"servers\":[{\"url\":\"http://x\"}],\"paths\":{}}"));
        }
        for (Call call : calls) {
            Response response = send(call.method(), call.path(), stranger.editor(), call.body());
            assertThat(response.status()).as("%s %s: %s", call.method(), call.path(), response.text()).isEqualTo(404);
        }
        assertThat(send(HttpMethod.GET, base + "/services/a", owner.viewer(), null).status()).isEqualTo(200);
        assertThat(names(send(HttpMethod.GET, "/api/v1/control-planes", stranger.viewer(), null)))
                .doesNotContain(owner.controlPlane());
    }

    @Test
    void theOpenApiDocumentAndItsViewerArePublic() throws Exception {
        var docs = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs"))
                .andReturn().getResponse();
        var viewer = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/swagger-ui.html"))
                .andReturn().getResponse();

        assertThat(docs.getStatus()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.getContentAsString()).get("paths");
        assertThat(paths.has("/api/v1/control-planes")).isTrue();
        assertThat(paths.has("/api/v1/control-planes/{controlPlane}/{collection}/{entity}")).isTrue();
        assertThat(paths.has("/api/v1/control-planes/{controlPlane}/{parentCollection}/{parent}/{collection}")).isTrue();
        assertThat(paths.has("/api/v1/control-planes/{controlPlane}/config")).isTrue();
        assertThat(paths.has("/api/v1/control-planes/{controlPlane}/openapi-import")).isTrue();
        assertThat(paths.has("/api/v1/plugin-schemas/{name}")).isTrue();
        assertThat(viewer.getStatus()).isIn(200, 302);
        if (viewer.getStatus() == 302) {
            assertThat(viewer.getRedirectedUrl()).contains("swagger-ui/index.html");
            assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .get(viewer.getRedirectedUrl())).andReturn().getResponse().getStatus()).isEqualTo(200);
        }
    }

    @Test
    void pluginSchemasDescribeEveryConfigFieldWithItsDefault() {
        Tenant t = tenant();

        Response all = send(HttpMethod.GET, "/api/v1/plugin-schemas", t.viewer(), null);
        Response rateLimiting = send(HttpMethod.GET, "/api/v1/plugin-schemas/rate-limiting", t.viewer(), null);

        assertThat(all.body().get("data")).extracting(schema -> schema.get("name").asString())
                .contains("cors", "jwt", "key-auth", "basic-auth", "ip-restriction", "request-size-limiting", "acl",
                        "rate-limiting", "request-transformer", "response-transformer", "correlation-id", "prometheus",
                        "http-log");
        assertThat(rateLimiting.body().get("priority").asInt()).isEqualTo(910);
        assertThat(rateLimiting.body().get("fields")).anySatisfy(field -> {
            assertThat(field.get("name").asString()).isEqualTo("policy");
            assertThat(field.get("default").asString()).isEqualTo("local");
            assertThat(field.get("description").asString()).isNotBlank();
        });
        assertThat(send(HttpMethod.GET, "/api/v1/plugin-schemas/no-such-plugin", t.viewer(), null).status()).isEqualTo(404);
    }

    private static List<String> names(Response response) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : response.body().get("data")) {
            names.add(item.get("name").asString());
        }
        return names;
    }
}
