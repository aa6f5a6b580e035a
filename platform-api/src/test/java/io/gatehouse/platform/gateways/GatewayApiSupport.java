package io.gatehouse.platform.gateways;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the REST API tests of gateway configuration share: an organization with an editor's and a viewer's
 * personal access token, a control plane in it, and a small client over MockMvc that goes through the real
 * security chains.
 */
@SpringBootTest
@AutoConfigureMockMvc
abstract class GatewayApiSupport {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;
    @Autowired Organizations organizations;
    @Autowired Accounts accounts;
    @Autowired Memberships memberships;
    @Autowired PersonalAccessTokens tokens;
    @Autowired TenantScopes scopes;

    /** An organization, an editor's and a viewer's token, and a control plane created through the API. */
    record Tenant(Organization org, String editor, String viewer, String controlPlane, String controlPlaneId) {

        String base() {
            return "/api/v1/control-planes/" + controlPlane;
        }
    }

    record Response(int status, JsonNode body, String text, String etag) {
    }

    Tenant tenant() {
        Organization org = organizations.create("gwapi-" + suffix(), "Gateway API test");
        String editor = token(org, OrgRole.EDITOR);
        String viewer = token(org, OrgRole.VIEWER);
        String name = "cp-" + suffix();
        Response created = send(HttpMethod.POST, "/api/v1/control-planes", editor,
                "{\"name\":\"" + name + "\",\"description\":\"test\",\"labels\":{\"env\":\"test\"}}");
        if (created.status() != 201) {
            throw new IllegalStateException("control plane not created: " + created.text());
        }
        return new Tenant(org, editor, viewer, name, created.body().get("id").asString());
    }

    private String token(Organization org, OrgRole role) {
        Account account = accounts.create("gw-" + suffix() + "@example.test", "Gateway " + role, "correct horse battery");
        scopes.run(TenantScope.org(org.orgId()), () -> memberships.add(org.orgId(), account.getId(), role));
        Caller caller = new Caller(account.getId(), account.getDisplayName(), account.getEmail(),
                new Actor(Actor.Type.USER, account.getId().toString(), account.getEmail()), org.orgId(), role, null,
                Set.of());
        return tokens.create(caller, org.orgId(), "gateway tests", role, Duration.ofDays(1)).token();
    }

    Response send(HttpMethod method, String path, String token, String body) {
        return send(method, path, token, body, MediaType.APPLICATION_JSON, null);
    }

    Response send(HttpMethod method, String path, String token, String body, MediaType contentType, String ifMatch) {
        MockHttpServletRequestBuilder request = request(method, path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (body != null) {
            request.contentType(contentType).content(body.getBytes(StandardCharsets.UTF_8));
        }
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        try {
            MvcResult result = mvc.perform(request).andReturn();
            String text = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            JsonNode parsed = null;
            String type = result.getResponse().getContentType();
            if (!text.isEmpty() && type != null && type.contains("json")) {
                parsed = json.readTree(text);
            }
            return new Response(result.getResponse().getStatus(), parsed, text,
                    result.getResponse().getHeader(HttpHeaders.ETAG));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    static String resource(String name) {
        try {
            return new ClassPathResource("gateways/" + name).getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal. */
    String quoted(String text) {
        return json.writeValueAsString(text);
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
