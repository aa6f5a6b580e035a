package io.gatehouse.platform.portal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import io.gatehouse.platform.identity.IdentityITSupport;
import io.gatehouse.platform.portal.apps.Applications;
import io.gatehouse.platform.portal.apps.Credentials;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperSignUp;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiCatalog;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import io.gatehouse.platform.testsupport.OpenApiDocs;
import tools.jackson.databind.JsonNode;

/**
 * Shared set-up of the developer-portal integration tests: the identity tests' Spring context (real PostgreSQL,
 * the security chains through MockMvc, GreenMail SMTP), an organization with an admin token, and helpers that
 * go through the REST API like the console and through the facades like the portal pages.
 */
abstract class PortalITSupport extends IdentityITSupport {

    static final String PETSTORE = OpenApiDocs.PETSTORE;

    @Autowired
    protected Developers developers;
    @Autowired
    protected Applications applications;
    @Autowired
    protected Registrations registrations;
    @Autowired
    protected Credentials credentials;
    @Autowired
    protected ApiProducts products;
    @Autowired
    protected ApiCatalog catalog;
    @Autowired
    protected AccessPlans plans;
    @Autowired
    protected Portals portals;

    /** An organization with its admin's token and API base path. */
    record Org(TestUser admin, String token) {

        String base() {
            return "/api/v1/organizations/" + admin.slug();
        }
    }

    Org org() {
        TestUser admin = signUp();
        return new Org(admin, pat(admin));
    }

    JsonNode apiPost(Org org, String path, String json, int expected) throws Exception {
        return body(mvc.perform(json(bearer(post(path.startsWith("/api/") ? path : org.base() + path), org.token()), json))
                .andExpect(status().is(expected)).andReturn());
    }

    JsonNode apiPut(Org org, String path, String json, int expected) throws Exception {
        return body(mvc.perform(json(bearer(put(path.startsWith("/api/") ? path : org.base() + path), org.token()), json))
                .andExpect(status().is(expected)).andReturn());
    }

    JsonNode putYaml(Org org, String path, String yaml, int expected) throws Exception {
        return body(mvc.perform(bearer(put(org.base() + path), org.token()).contentType(MediaType.parseMediaType("application/yaml"))
                .content(yaml)).andExpect(status().is(expected)).andReturn());
    }

    /** A control plane with a service {@code name} proxying to {@code upstream} on the path {@code /name}. */
    String controlPlaneWithServices(Org org, String upstream, String... services) throws Exception {
        String cp = "cp-" + IdentityFixtures.suffix();
        apiPost(org, "/api/v1/control-planes", "{\"name\":\"" + cp + "\"}", 201);
        for (String service : services) {
            apiPost(org, "/api/v1/control-planes/" + cp + "/services", "{\"name\":\"" + service + "\",\"url\":\"" + upstream
                    + "\"}", 201);
            apiPost(org, "/api/v1/control-planes/" + cp + "/services/" + service + "/routes",
                    "{\"name\":\"" + service + "-route\",\"paths\":[\"/" + service + "\"]}", 201);
        }
        return cp;
    }

    /** A product {@code slug} called {@code name} with a draft version v1 on {@code service}; returns its path. */
    String draftVersion(Org org, String cp, String slug, String name, String service) throws Exception {
        apiPost(org, "/api-products", "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}", 201);
        JsonNode version = apiPost(org, "/api-products/" + slug + "/versions",
                "{\"name\":\"v1\",\"control_plane\":\"" + cp + "\",\"service\":\"" + service + "\"}", 201);
        return "/api-products/" + slug + "/versions/" + version.get("id").asString();
    }

    /** A product with one published version on {@code service} and a key-auth plan; returns the version's JSON. */
    JsonNode publishedVersion(Org org, String cp, String service, String approval, Integer limit) throws Exception {
        return publishedVersion(org, cp, service, "{\"name\":\"basic\",\"auth\":\"key-auth\",\"approval\":\""
                + approval + "\"" + (limit == null ? "" : ",\"rate_limit_per_minute\":" + limit) + "}");
    }

    /** A product with one published version on {@code service}, documented, with the plan {@code plan} (JSON). */
    JsonNode publishedVersion(Org org, String cp, String service, String plan) throws Exception {
        String slug = "p-" + IdentityFixtures.suffix();
        String path = draftVersion(org, cp, slug, "Product " + slug, service);
        putYaml(org, path + "/openapi", PETSTORE, 200);
        apiPost(org, path + "/plans", plan, 201);
        return apiPut(org, path + "/status", "{\"status\":\"published\"}", 200);
    }

    /** A developer who signed up and verified their email (read from the SMTP server). */
    Developer verifiedDeveloper(Org org) throws Exception {
        String email = "dev-" + IdentityFixtures.suffix() + "@example.test";
        developers.signUp(org.admin().org(), new DeveloperSignUp(email, "Dev", PASSWORD));
        return developers.verifyEmail(org.admin().org(), mailedToken(email, "verify-email"));
    }

    /** The token of the last link to {@code page} mailed to {@code email}. */
    static String mailedToken(String email, String page) throws Exception {
        Pattern link = Pattern.compile("/" + page + "\\?token=(gh_dev_[A-Za-z0-9]+)");
        for (int attempt = 0; attempt < 50; attempt++) {
            MimeMessage[] messages = MAIL.getReceivedMessages();
            for (int i = messages.length - 1; i >= 0; i--) {
                if (Arrays.stream(messages[i].getRecipients(Message.RecipientType.TO))
                        .anyMatch(address -> address.toString().equalsIgnoreCase(email))) {
                    Matcher matcher = link.matcher(messages[i].getContent().toString());
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                }
            }
            MAIL.waitForIncomingEmail(200, messages.length + 1);
        }
        throw new AssertionError("no " + page + " link was mailed to " + email);
    }

    /** The subjects of the mail sent to {@code email}. */
    static java.util.List<String> subjects(String email) throws Exception {
        java.util.List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(address -> address.toString().equalsIgnoreCase(email))) {
                subjects.add(message.getSubject());
            }
        }
        return subjects;
    }

    static UUID id(JsonNode node) {
        return UUID.fromString(node.get("id").asString());
    }
}
