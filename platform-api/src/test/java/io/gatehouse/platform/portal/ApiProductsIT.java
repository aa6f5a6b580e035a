package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.testsupport.IdentityFixtures;
import tools.jackson.databind.JsonNode;

/**
 * API products through the REST API as the console uses it: products, versions linked to gateway services,
 * OpenAPI documents checked with problems by line, the lifecycle, docs pages, plans, and isolation between
 * organizations. Publishing guards the service at the gateway (key-auth + acl, tagged {@code portal}).
 */
class ApiProductsIT extends PortalITSupport {

    @Test
    void aProductIsCreatedVersionedDocumentedPublishedAndItsServiceGuarded() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "pets");
        apiPost(org, "/api-products", "{\"slug\":\"pets\",\"name\":\"Pets API\",\"description\":\"All about pets\"}", 201);
        JsonNode version = apiPost(org, "/api-products/pets/versions",
                "{\"name\":\"v1\",\"control_plane\":\"" + cp + "\",\"service\":\"pets\"}", 201);
        assertThat(version.get("status").asString()).isEqualTo("draft");
        String path = "/api-products/pets/versions/" + version.get("id").asString();

        JsonNode refused = apiPut(org, path + "/status", "{\"status\":\"published\"}", 409);
        assertThat(refused.get("detail").asString()).contains("OpenAPI document");

        JsonNode stored = putYaml(org, path + "/openapi", PETSTORE, 200);
        assertThat(stored.get("openapi_title").asString()).isEqualTo("Pets");
        assertThat(stored.get("has_openapi").asBoolean()).isTrue();
        apiPut(org, path + "/docs/getting-started", "{\"title\":\"Getting started\",\"markdown\":\"# Hello\\nCall `/pets`.\"}", 200);
        apiPost(org, path + "/plans", "{\"name\":\"free\",\"auth\":\"key-auth\",\"approval\":\"auto\",\"rate_limit_per_minute\":100}", 201);

        JsonNode published = apiPut(org, path + "/status", "{\"status\":\"published\"}", 200);
        assertThat(published.get("status").asString()).isEqualTo("published");

        JsonNode plugins = body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/services/pets/plugins"),
                org.token())).andExpect(status().isOk()).andReturn());
        List<String> names = new ArrayList<>();
        plugins.get("data").forEach(plugin -> {
            names.add(plugin.get("name").asString());
            assertThat(plugin.get("tags").toString()).contains("portal");
            if (plugin.get("name").asString().equals("acl")) {
                assertThat(plugin.get("config").get("allow").toString()).contains("portal-" + version.get("id").asString());
            }
        });
        assertThat(names).containsExactlyInAnyOrder("key-auth", "acl");

        // The developer's view: only listed versions, with docs and plans.
        var entry = catalog.product(org.admin().org(), "pets");
        assertThat(entry.versions()).extracting(v -> v.name()).containsExactly("v1");
        assertThat(catalog.search(org.admin().org(), "PET")).hasSize(1);
        assertThat(catalog.search(org.admin().org(), "nothing-like-this")).isEmpty();
        assertThat(catalog.pages(org.admin().org(), id(version))).extracting(p -> p.title()).containsExactly("Getting started");
        assertThat(catalog.plans(org.admin().org(), id(version))).extracting(p -> p.rateLimitPerMinute()).containsExactly(100);
        assertThat(catalog.openApi(org.admin().org(), id(version))).get().asString().contains("getPet");

        // Deprecation needs a future sunset date, which developers see.
        JsonNode noSunset = apiPut(org, path + "/status", "{\"status\":\"deprecated\"}", 400);
        assertThat(noSunset.toString()).contains("sunset_at");
        JsonNode deprecated = apiPut(org, path + "/status", "{\"status\":\"deprecated\",\"sunset_at\":\"2999-01-01T00:00:00Z\"}", 200);
        assertThat(deprecated.get("sunset_at").asString()).startsWith("2999-01-01");
        apiPut(org, path + "/status", "{\"status\":\"retired\"}", 200);
        apiPut(org, path + "/status", "{\"status\":\"published\"}", 409);
        assertThat(catalog.search(org.admin().org(), null)).isEmpty();

        JsonNode audit = body(mvc.perform(bearer(get(org.base() + "/audit-log?entity_type=api_product_version"), org.token()))
                .andReturn());
        assertThat(audit.toString()).contains("api_product_version");
    }

    @Test
    void aBrokenOpenApiDocumentIsRefusedWithEachProblemByLine() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "pets");
        String path = draftVersion(org, cp, "pets", "Pets", "pets") + "/openapi";
        String broken = """
                openapi: 3.0.3
                info:
                  title: Pets
                paths:
                  /pets/{petId}:
                    get:
                      parameters:
                        - name: petId
                          in: body
                  pets:
                    post:
                      responses:
                        "200":
                          $ref: "#/components/responses/Missing"
                """;
        JsonNode problems = putYaml(org, path, broken, 400);
        String errors = problems.get("errors").toString();
        assertThat(problems.get("detail").asString()).contains("problems");
        assertThat(errors).contains("line 2: /info: version is required.");
        assertThat(errors).contains("line 9: /paths/~1pets~1{petId}/get/parameters/0/in: must be query, header, path or cookie.");
        assertThat(errors).contains("line 6: /paths/~1pets~1{petId}/get: responses is required.");
        assertThat(errors).contains("line 10: /paths/pets: a path must start with");
        assertThat(errors).contains("line 14: /paths/pets/post/responses/200/$ref: $ref '#/components/responses/Missing' points to nothing");

        JsonNode syntax = putYaml(org, path, "openapi: 3.0.3\ninfo: [unclosed\n", 400);
        assertThat(syntax.get("errors").get(0).get("message").asString()).startsWith("line ").contains("Not valid YAML");
        JsonNode swagger = putYaml(org, path, "swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n", 400);
        assertThat(swagger.toString()).contains("Swagger 2.0 is not supported");
        JsonNode json = putYaml(org, path, "{\"openapi\": \"3.1.0\",\n \"info\": {\"title\": \"J\", \"version\": \"1\"},\n \"paths\": {}}", 200);
        assertThat(json.get("openapi_title").asString()).isEqualTo("J");

        JsonNode schema = putYaml(org, path, "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 2\n  colour: blue\npaths: {}\n", 400);
        assertThat(schema.get("errors").get(0).get("field").asString()).isEqualTo("openapi/info/version");
        assertThat(schema.get("errors").get(0).get("message").asString())
                .isEqualTo("line 4: /info/version: must be a string, not an integer.");
        assertThat(schema.get("errors").get(1).get("message").asString())
                .isEqualTo("line 5: /info/colour: 'colour' is not allowed here.");
    }

    @Test
    void fetchingADocumentFromAnInternalAddressIsRefused() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "pets");
        String path = draftVersion(org, cp, "pets", "Pets", "pets") + "/openapi/fetch";
        for (String url : List.of("http://127.0.0.1:8080/openapi.yaml", "http://10.1.2.3/openapi.yaml",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "file:///etc/passwd", "not a url")) {
            JsonNode refused = apiPost(org, path, "{\"url\":\"" + url + "\"}", 400);
            assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("url");
        }
    }

    @Test
    void badInputIsAFieldErrorAndDuplicatesAConflict() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "pets");
        JsonNode bad = apiPost(org, "/api-products", "{\"slug\":\"Not A Slug\",\"name\":\"\"}", 400);
        assertThat(bad.get("errors").toString()).contains("slug", "name");
        apiPost(org, "/api-products", "{\"slug\":\"pets\",\"name\":\"Pets\"}", 201);
        JsonNode duplicate = apiPost(org, "/api-products", "{\"slug\":\"pets\",\"name\":\"Pets again\"}", 409);
        assertThat(duplicate.get("detail").asString()).contains("pets");
        JsonNode noService = apiPost(org, "/api-products/pets/versions",
                "{\"name\":\"v1\",\"control_plane\":\"" + cp + "\",\"service\":\"nope\"}", 400);
        assertThat(noService.get("errors").get(0).get("field").asString()).isEqualTo("service");
        JsonNode badPlan = apiPost(org, "/api-products/pets/versions",
                "{\"name\":\"v1\",\"control_plane\":\"" + cp + "\",\"service\":\"pets\"}", 201);
        JsonNode planErrors = apiPost(org, "/api-products/pets/versions/" + badPlan.get("id").asString() + "/plans",
                "{\"name\":\"x\",\"auth\":\"magic\",\"approval\":\"sometimes\",\"rate_limit_per_minute\":0}", 400);
        assertThat(planErrors.get("errors").toString()).contains("auth", "approval", "rate_limit_per_minute");
    }

    @Test
    void anotherOrganizationsProductsAreNotFound() throws Exception {
        Org owner = org();
        Org other = org();
        String cp = controlPlaneWithServices(owner, "http://127.0.0.1:9", "pets");
        JsonNode version = publishedVersion(owner, cp, "pets", "auto", null);
        String slug = apiGetSlug(owner);
        mvc.perform(bearer(get(other.base() + "/api-products/" + slug), other.token())).andExpect(status().isNotFound());
        mvc.perform(bearer(get(owner.base() + "/api-products/" + slug), other.token())).andExpect(status().isNotFound());
        mvc.perform(bearer(get(other.base() + "/api-products"), other.token()))
                .andExpect(jsonPath("$.data").isEmpty());
        org.junit.jupiter.api.Assertions.assertThrows(io.gatehouse.platform.shared.errors.NotFoundException.class,
                () -> catalog.version(other.admin().org(), id(version)));
        assertThat(catalog.search(other.admin().org(), null)).isEmpty();
    }

    private String apiGetSlug(Org org) throws Exception {
        return body(mvc.perform(bearer(get(org.base() + "/api-products"), org.token())).andReturn())
                .get("data").get(0).get("slug").asString();
    }

    static String suffix() {
        return IdentityFixtures.suffix();
    }
}
