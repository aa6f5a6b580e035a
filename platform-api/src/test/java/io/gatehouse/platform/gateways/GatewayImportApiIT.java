package io.gatehouse.platform.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.secrets.SecretHashes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Declarative config (Kong's 3.0 format) and OpenAPI import through the Admin API. */
class GatewayImportApiIT extends GatewayApiSupport {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    @Test
    void aKongUsersFileImportsAndExportsUnchangedExceptThatKeysBecomeHashes() {
        Tenant t = tenant();
        String file = resource("kong-user.yaml");

        Response imported = send(HttpMethod.POST, t.base() + "/config", t.editor(), file, YAML, null);
        Response exported = send(HttpMethod.GET, t.base() + "/config", t.viewer(), null);

        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.body().get("created")).hasSize(12);
        assertThat(imported.body().get("revision").asLong()).isEqualTo(1);
        assertThat(exported.status()).isEqualTo(200);
        assertThat(ConfigJson.yaml().readTree(exported.text())).isEqualTo(withKeysHashed(ConfigJson.yaml().readTree(file)));
        assertThat(exported.text()).doesNotContain("alice-secret-key-0001");
    }

    @Test
    void aRicherKongFileWithUpstreamsAclsAndTransformersRoundTrips() {
        Tenant t = tenant();
        String file = resource("kong-basic.yaml");

        Response imported = send(HttpMethod.POST, t.base() + "/config", t.editor(), file, YAML, null);
        String exported = send(HttpMethod.GET, t.base() + "/config", t.viewer(), null).text();
        Response again = send(HttpMethod.POST, t.base() + "/config", t.editor(), exported, YAML, null);

        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(sorted(ConfigJson.yaml().readTree(exported))).isEqualTo(sorted(withKeysHashed(ConfigJson.yaml().readTree(file))));
        assertThat(again.body().get("created")).isEmpty();
        assertThat(again.body().get("updated")).isEmpty();
        assertThat(again.body().get("deleted")).isEmpty();
    }

    @Test
    void aKeyIsUniqueInAControlPlane() {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/consumers", t.editor(), "{\"username\":\"a\"}");
        send(HttpMethod.POST, t.base() + "/consumers", t.editor(), "{\"username\":\"b\"}");
        send(HttpMethod.POST, t.base() + "/consumers/a/key-auth", t.editor(), "{\"key\":\"shared-key-0001\"}");

        Response duplicate = send(HttpMethod.POST, t.base() + "/consumers/b/key-auth", t.editor(), "{\"key\":\"shared-key-0001\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("detail").asString()).doesNotContain("shared-key-0001");
    }

    @Test
    void reimportingTheSameFileOrItsExportChangesNothing() {
        Tenant t = tenant();
        String file = resource("kong-user.yaml");
        send(HttpMethod.POST, t.base() + "/config", t.editor(), file, YAML, null);
        String exported = send(HttpMethod.GET, t.base() + "/config?format=json", t.viewer(), null).text();

        Response again = send(HttpMethod.PUT, t.base() + "/config", t.editor(), file, YAML, null);
        Response export = send(HttpMethod.POST, t.base() + "/config", t.editor(), exported, MediaType.APPLICATION_JSON, null);

        for (Response response : List.of(again, export)) {
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.body().get("created")).isEmpty();
            assertThat(response.body().get("updated")).isEmpty();
            assertThat(response.body().get("deleted")).isEmpty();
        }
        assertThat(send(HttpMethod.GET, "/api/v1/control-planes/" + t.controlPlane(), t.viewer(), null)
                .body().get("revision").asLong()).isEqualTo(1);
    }

    @Test
    void aDryRunReturnsTheDiffAndChangesNothingThenTheImportReplaces() {
        Tenant t = tenant();
        send(HttpMethod.POST, t.base() + "/config", t.editor(), resource("kong-user.yaml"), YAML, null);
        String before = send(HttpMethod.GET, t.base() + "/config", t.viewer(), null).text();
        ObjectNode changed = (ObjectNode) ConfigJson.yaml().readTree(resource("kong-user.yaml"));
        ((ObjectNode) changed.get("services").get(0)).put("url", "http://billing.internal:9090/api");
        ((ArrayNode) changed.get("services")).addObject().put("name", "search").put("url", "http://search:80");
        ((ArrayNode) changed.get("consumers")).remove(1);
        String file = ConfigJson.yaml().writeValueAsString(changed);

        Response dryRun = send(HttpMethod.POST, t.base() + "/config?dry_run=true", t.editor(), file, YAML, null);

        assertThat(dryRun.status()).as(dryRun.text()).isEqualTo(200);
        assertThat(dryRun.body().get("dry_run").asBoolean()).isTrue();
        assertThat(entries(dryRun.body().get("created"))).containsExactly("service search");
        assertThat(entries(dryRun.body().get("updated"))).containsExactly("service billing");
        assertThat(entries(dryRun.body().get("deleted"))).containsExactlyInAnyOrder("consumer bob",
                "keyauth_credential null", "plugin null");
        assertThat(send(HttpMethod.GET, t.base() + "/config", t.viewer(), null).text()).isEqualTo(before);

        Response applied = send(HttpMethod.POST, t.base() + "/config", t.editor(), file, YAML, null);

        assertThat(applied.body().get("revision").asLong()).isEqualTo(2);
        assertThat(send(HttpMethod.GET, t.base() + "/consumers/bob", t.viewer(), null).status()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, t.base() + "/services/search", t.viewer(), null).status()).isEqualTo(200);
        assertThat(ConfigJson.yaml().readTree(send(HttpMethod.GET, t.base() + "/config", t.viewer(), null).text()))
                .isEqualTo(withKeysHashed(changed));
    }

    @Test
    void anInvalidFileIsOne400ListingEveryProblemByItsPathAndWritesNothing() {
        Tenant t = tenant();
        String file = """
                _format_version: "3.0"
                services:
                - name: ok
                  url: http://ok
                  routes:
                  - name: bad-route
                    paths: [nope]
                - name: bad name
                  url: http://x
                plugins:
                - name: no-such-plugin
                - name: rate-limiting
                  service: missing
                  config: {minute: 1}
                """;

        Response response = send(HttpMethod.POST, t.base() + "/config", t.editor(), file, YAML, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors")).extracting(error -> error.get("field").asString())
                .contains("services[0].routes[0].paths[0]", "services[1].name", "plugins[0].name");
        assertThat(send(HttpMethod.GET, t.base() + "/services", t.viewer(), null).body().get("data")).isEmpty();
        assertThat(send(HttpMethod.POST, t.base() + "/config", t.editor(), "_format_version: \"1.1\"\n", YAML, null)
                .body().get("errors").get(0).get("field").asString()).isEqualTo("_format_version");
        assertThat(send(HttpMethod.POST, t.base() + "/config", t.editor(), "services: [", YAML, null).status())
                .isEqualTo(400);
        Response dangling = send(HttpMethod.POST, t.base() + "/config", t.editor(),
                "_format_version: \"3.0\"\nplugins:\n- name: cors\n  service: missing\n", YAML, null);
        assertThat(dangling.body().get("errors").get(0).get("field").asString()).isEqualTo("plugins[0].service");
    }

    @Test
    void anOpenApiDocumentBecomesAServiceWithRegexRoutesLinkedByATag() {
        Tenant t = tenant();
        String document = resource("petstore.yaml");

        Response dryRun = send(HttpMethod.POST, t.base() + "/openapi-import?dry_run=true", t.editor(), document, YAML, null);
        Response imported = send(HttpMethod.POST, t.base() + "/openapi-import", t.editor(), document, YAML, null);
        Response again = send(HttpMethod.POST, t.base() + "/openapi-import", t.editor(), document, YAML, null);

        assertThat(dryRun.status()).as(dryRun.text()).isEqualTo(200);
        assertThat(entries(dryRun.body().get("created"))).containsExactlyInAnyOrder("service swagger-petstore",
                "route swagger-petstore_listpets", "route swagger-petstore_createpet",
                "route swagger-petstore_showpetbyid", "route swagger-petstore_delete_pets_petid",
                "route swagger-petstore_storepet");
        assertThat(imported.body().get("created")).hasSize(6);
        assertThat(again.body().get("created")).isEmpty();
        assertThat(again.body().get("updated")).isEmpty();
        JsonNode service = send(HttpMethod.GET, t.base() + "/services/swagger-petstore", t.viewer(), null).body();
        assertThat(service.get("url").asString()).isEqualTo("https://api.petstore.example.com/v1");
        JsonNode byId = send(HttpMethod.GET, t.base() + "/routes/swagger-petstore_showpetbyid", t.viewer(), null).body();
        assertThat(byId.get("paths").get(0).asString()).isEqualTo("~/pets/(?<petId>[^/]+)$");
        assertThat(byId.get("methods").get(0).asString()).isEqualTo("GET");
        assertThat(send(HttpMethod.GET, t.base() + "/routes/swagger-petstore_storepet", t.viewer(), null).body()
                .get("paths").get(0).asString()).isEqualTo("~/stores/(?<storeid>[^/]+)/pets/(?<petId>[^/]+)\\.json$");
        assertThat(send(HttpMethod.GET, t.base() + "/routes?tags=openapi:swagger-petstore", t.viewer(), null)
                .body().get("data")).hasSize(5);

        String shorter = document.replace("    post:\n      operationId: createPet\n", "");
        Response removed = send(HttpMethod.POST, t.base() + "/openapi-import", t.editor(), shorter, YAML, null);
        assertThat(entries(removed.body().get("deleted"))).containsExactly("route swagger-petstore_createpet");

        Response invalid = send(HttpMethod.POST, t.base() + "/openapi-import", t.editor(),
                "openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n", YAML, null);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("errors").get(0).get("field").asString()).isEqualTo("servers");
    }

    private static List<String> entries(JsonNode list) {
        List<String> entries = new ArrayList<>();
        list.forEach(entry -> entries.add(entry.get("type").asString() + " "
                + (entry.has("name") ? entry.get("name").asString() : "null")));
        return entries;
    }

    /** The tree with every list of objects in a canonical order: file order across parents carries no meaning. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), sorted(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            if (items.stream().allMatch(JsonNode::isObject)) {
                items.sort(java.util.Comparator.comparing(JsonNode::toString));
            }
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            items.forEach(copy::add);
            return copy;
        }
        return node;
    }

    /** What the export shows for a file with clear keys: each key replaced by its hash. */
    private static JsonNode withKeysHashed(JsonNode file) {
        JsonNode copy = file.deepCopy();
        copy.path("consumers").forEach(consumer -> consumer.path("keyauth_credentials").forEach(credential -> {
            ObjectNode key = (ObjectNode) credential;
            key.put("key_hash", SecretHashes.keyHash(key.remove("key").asString()));
        }));
        return copy;
    }
}
