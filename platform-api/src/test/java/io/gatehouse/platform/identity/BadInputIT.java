package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;

/** Bad input gets a problem+json 400 naming each bad field, never a 500, and changes nothing. */
class BadInputIT extends IdentityITSupport {

    private TestUser user;
    private String token;
    private String base;

    @BeforeEach
    void signUpAUser() {
        user = signUp();
        token = pat(user);
        base = "/api/v1/organizations/" + user.slug();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        MvcResult result = send(json(post("/api/v1/organizations"), "{\"slug\": "));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(result).get("type").asString()).endsWith("/malformed-body");
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        assertThat(fields(send(json(post("/api/v1/organizations"), "{}")))).contains("slug", "name");
        assertThat(fields(send(json(post(base + "/invitations"), "{}")))).contains("email", "role");
        assertThat(fields(send(json(post(base + "/system-accounts"), "{}")))).contains("name", "role");
        assertThat(fields(send(json(post("/api/v1/personal-access-tokens"), "{}"))))
                .contains("name", "organization", "role", "expiresInDays");
        assertThat(fields(send(json(put(base + "/sso"), "{}")))).contains("issuer", "clientId", "enabled");
    }

    @Test
    void overLongValuesAreNamed() throws Exception {
        String tooLong = "x".repeat(201);

        assertThat(fields(send(json(patch(base), "{\"name\":\"" + tooLong + "\"}")))).containsExactly("name");
        assertThat(fields(send(json(post(base + "/system-accounts"), "{\"name\":\"" + tooLong + "\",\"role\":\"VIEWER\"}"))))
                .containsExactly("name");
        assertThat(fields(send(json(post(base + "/invitations"), "{\"email\":\"" + tooLong + "@example.test\",\"role\":\"VIEWER\"}"))))
                .containsExactly("email");
        assertThat(fields(send(get(base + "/audit-log?action=" + "a".repeat(33))))).containsExactly("action");
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        assertThat(fields(send(json(post(base + "/system-accounts"), "{\"name\":\"x\",\"role\":\"BOSS\"}"))))
                .containsExactly("role");
        assertThat(fields(send(json(post(base + "/system-accounts"), "{\"name\":[\"x\"],\"role\":\"VIEWER\"}"))))
                .containsExactly("name");
        assertThat(fields(send(json(post("/api/v1/personal-access-tokens"),
                "{\"name\":\"t\",\"organization\":\"" + user.slug() + "\",\"role\":\"VIEWER\",\"expiresInDays\":\"soon\"}"))))
                .containsExactly("expiresInDays");
        assertThat(fields(send(json(patch(base + "/members/not-a-uuid"), "{\"role\":\"VIEWER\"}")))).containsExactly("userId");
        assertThat(fields(send(get(base + "/audit-log?page=first")))).containsExactly("page");
        assertThat(fields(send(get(base + "/audit-log?from=yesterday")))).containsExactly("from");
    }

    @Test
    void outOfRangeAndBadFormatsAreNamed() throws Exception {
        assertThat(fields(send(json(post("/api/v1/personal-access-tokens"),
                "{\"name\":\"t\",\"organization\":\"" + user.slug() + "\",\"role\":\"VIEWER\",\"expiresInDays\":1000}"))))
                .containsExactly("expiresInDays");
        assertThat(fields(send(get(base + "/audit-log?size=100000")))).containsExactly("size");
        assertThat(fields(send(json(post(base + "/invitations"), "{\"email\":\"not-an-email\",\"role\":\"VIEWER\"}"))))
                .containsExactly("email");
        assertThat(fields(send(json(post("/api/v1/organizations"), "{\"slug\":\"Not A Slug\",\"name\":\"x\"}"))))
                .containsExactly("slug");
        assertThat(fields(send(json(put(base + "/sso"),
                "{\"issuer\":\"ftp://idp\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"enabled\":true}"))))
                .containsExactly("issuer");
        assertThat(fields(send(json(put(base + "/sso"),
                "{\"issuer\":\"https://idp.example.test\",\"clientId\":\"c\",\"enabled\":true}"))))
                .as("the secret is required the first time").containsExactly("clientSecret");
        assertThat(fields(send(json(patch(base), "{\"name\":\"   \"}")))).containsExactly("name");
    }

    @Test
    void badInputChangesNothing() throws Exception {
        send(json(patch(base), "{\"slug\":\"Bad Slug\",\"name\":\"Should not stick\"}"));

        JsonNode org = body(send(get(base)));
        assertThat(org.get("name").asString()).startsWith("Org ");
    }

    private MvcResult send(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(bearer(request, token)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isIn(200, 400);
        return result;
    }

    private static List<String> fields(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        return body(result).get("errors").findValuesAsString("field");
    }
}
