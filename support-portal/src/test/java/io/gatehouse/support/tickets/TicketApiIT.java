package io.gatehouse.support.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.calendar.Region;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API through the real security chains: customer tokens scoped to their org, staff across orgs. */
@SpringBootTest
@AutoConfigureMockMvc
class TicketApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TICKET = """
            {"product": "gateway-enterprise", "productVersion": "3.4.3.0", "severity": 2,
             "subject": "Gateway returns 502", "description": "Every POST fails since the upgrade.", "environment": "k8s"}
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    PersonalAccessTokens tokens;
    @Autowired
    Accounts accounts;
    @Autowired
    MutableClock clock;
    @Autowired
    io.gatehouse.support.scan.SlaScan scan;

    @BeforeEach
    void monday() {
        clock.set(chicago("2026-11-23T10:00"));
    }

    @Test
    void aContactFilesATicketAndSeesItsClocks() throws Exception {
        Customer customer = fixtures.customer();
        String token = token(customer);

        JsonNode created = body(mvc.perform(bearer(json(post("/api/v1/support/tickets"), TICKET), token))
                .andExpect(status().isCreated())
                .andExpect(header().exists(HttpHeaders.LOCATION))
                .andExpect(jsonPath("$.ticket.status").value("NEW"))
                .andExpect(jsonPath("$.severityCriteria").isNotEmpty())
                .andReturn().getResponse().getContentAsString());

        assertThat(Instant.parse(created.at("/clocks/INITIAL_RESPONSE/dueAt").asString())).isEqualTo(chicago("2026-11-23T14:00"));
        String id = created.at("/ticket/id").asString();
        mvc.perform(bearer(get("/api/v1/support/tickets/" + id), token)).andExpect(status().isOk());
        mvc.perform(bearer(get("/api/v1/support/tickets"), token)).andExpect(jsonPath("$[0].id").value(id));
    }

    @Test
    void badInputIsAProblemWithFieldErrors() throws Exception {
        Customer customer = fixtures.customer();

        mvc.perform(bearer(json(post("/api/v1/support/tickets"),
                        "{\"product\": \"insomnia\", \"severity\": 1, \"subject\": \"\", \"description\": \"x\"}"), token(customer)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[?(@.field == 'severity')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'subject')]").exists());
    }

    @Test
    void anotherOrganizationsTicketAndItsAttachmentsAreNotFound() throws Exception {
        Customer acme = fixtures.customer();
        Customer globex = fixtures.customer();
        String acmeToken = token(acme);
        String id = ticketId(acmeToken);
        String attachment = body(mvc.perform(bearer(post("/api/v1/support/tickets/" + id + "/attachments")
                        .param("filename", "gateway.log").contentType(MediaType.TEXT_PLAIN)
                        .content("2026-11-23 502 upstream reset".getBytes(StandardCharsets.UTF_8)), acmeToken))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).at("/id").asString();

        mvc.perform(bearer(get("/api/v1/support/tickets/" + id + "/attachments/" + attachment), acmeToken))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().string("2026-11-23 502 upstream reset"));
        String globexToken = token(globex);
        mvc.perform(bearer(get("/api/v1/support/tickets/" + id), globexToken)).andExpect(status().isNotFound());
        mvc.perform(bearer(get("/api/v1/support/tickets/" + id + "/attachments/" + attachment), globexToken))
                .andExpect(status().isNotFound());
        mvc.perform(bearer(post("/api/v1/support/tickets/" + id + "/comments"), globexToken)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"body\": \"hello\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void attachmentsMustBeWhatTheySayTheyAre() throws Exception {
        Customer customer = fixtures.customer();
        String token = token(customer);
        String id = ticketId(token);

        mvc.perform(bearer(post("/api/v1/support/tickets/" + id + "/attachments").param("filename", "shot.png")
                        .contentType(MediaType.IMAGE_PNG).content("not a png".getBytes(StandardCharsets.UTF_8)), token))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("contentType"));
        mvc.perform(bearer(post("/api/v1/support/tickets/" + id + "/attachments").param("filename", "page.html")
                        .contentType(MediaType.TEXT_HTML).content("<script>x</script>".getBytes(StandardCharsets.UTF_8)), token))
                .andExpect(status().isBadRequest());
    }

    @Test
    void staffWorkTheQueueAndTheAnswerStopsTheClock() throws Exception {
        Customer customer = fixtures.customer();
        String id = ticketId(token(customer));
        SignedInUser engineer = engineer();

        mvc.perform(get("/api/v1/support/staff/queue").param("org", customer.org().toString()).with(user(engineer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
        clock.set(chicago("2026-11-23T11:00"));
        mvc.perform(json(post("/api/v1/support/staff/tickets/" + id + "/comments"), "{\"body\": \"Please send the logs.\"}")
                        .with(user(engineer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ticket.status").value("OPEN"))
                .andExpect(jsonPath("$.clocks.INITIAL_RESPONSE.state").value("STOPPED"));
        mvc.perform(json(post("/api/v1/support/staff/tickets/" + id + "/severity"), "{\"severity\": 1}").with(user(engineer)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(json(post("/api/v1/support/staff/tickets/" + id + "/severity"),
                        "{\"severity\": 1, \"reason\": \"Outage confirmed\", \"expectedVersion\": 0}").with(user(engineer)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("changed by someone else")));
        mvc.perform(json(post("/api/v1/support/staff/tickets/assign"),
                        "{\"ticketIds\": [\"" + id + "\"], \"assigneeId\": \"" + engineer.userId() + "\"}").with(user(engineer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].assigneeId").value(engineer.userId().toString()));
        mvc.perform(get("/api/v1/support/staff/report").param("groupBy", "severity")
                        .param("from", "2026-11-01T00:00:00Z").param("to", "2026-12-01T00:00:00Z").with(user(engineer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.group == 'Sev 2')].tickets").exists());
    }

    @Test
    void staffSeeTheAlertsTheScanRaised() throws Exception {
        Customer customer = fixtures.customer();
        String id = ticketId(token(customer));
        clock.set(chicago("2026-11-23T14:01"));
        scan.run();

        mvc.perform(get("/api/v1/support/staff/alerts").param("limit", "1000").with(user(engineer())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.ticketId == '" + id + "' && @.threshold == 'BREACH')].clock").value("INITIAL_RESPONSE"))
                .andExpect(jsonPath("$[?(@.ticketId == '" + id + "' && @.threshold == 'WARN_75')]").exists());
    }

    @Test
    void customersCannotUseStaffEndpoints() throws Exception {
        Customer customer = fixtures.customer();
        String token = token(customer);

        mvc.perform(bearer(get("/api/v1/support/staff/queue"), token)).andExpect(status().isForbidden());
        mvc.perform(bearer(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/support/staff/kb/x-" + SupportFixtures.suffix()),
                "{\"title\": \"t\", \"body\": \"b\"}"), token)).andExpect(status().isForbidden());
    }

    @Test
    void staffWriteArticlesThatContactsFind() throws Exception {
        Customer customer = fixtures.customer();
        String slug = "proxy-timeouts-" + SupportFixtures.suffix();
        String word = "kw" + SupportFixtures.suffix().replaceAll("[0-9]", "y");

        mvc.perform(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/support/staff/kb/" + slug),
                        "{\"title\": \"Tuning " + word + " proxy timeouts\", \"body\": \"Raise read_timeout.\"}").with(user(engineer())))
                .andExpect(status().isOk());

        mvc.perform(bearer(get("/api/v1/support/kb").param("q", word + " timeout"), token(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].slug").value(slug));
    }

    @Test
    void orgAdminsManageContactsAndStaffRequireTraining() throws Exception {
        Customer customer = fixtures.customer();

        mvc.perform(bearer(get("/api/v1/organizations/" + customer.org() + "/support/contacts"), token(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].email").value(customer.email()));
        mvc.perform(bearer(json(post("/api/v1/organizations/" + customer.org() + "/support/contacts"),
                        "{\"userId\": \"" + customer.contact().userId() + "\"}"), token(customer)))
                .andExpect(status().isForbidden());
        mvc.perform(json(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/support/staff/organizations/"
                        + customer.org() + "/contacts/" + customer.contact().userId() + "/training"), "{\"required\": true}")
                        .with(user(engineer())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.trainingRequired").value(true));
        mvc.perform(bearer(json(post("/api/v1/support/tickets"), TICKET), token(customer)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("training")));
    }

    private String ticketId(String token) throws Exception {
        return body(mvc.perform(bearer(json(post("/api/v1/support/tickets"), TICKET), token))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).at("/ticket/id").asString();
    }

    private String token(Customer customer) {
        var caller = SignedInUser.of(accounts.get(customer.contact().userId())).caller();
        return tokens.create(caller, customer.org(), "support", OrgRole.VIEWER, Duration.ofDays(1)).token();
    }

    private SignedInUser engineer() {
        SupportActor staff = fixtures.engineer();
        return new SignedInUser(staff.userId(), "e-" + staff.userId() + "@gatehouse.test", staff.name(),
                PlatformRole.SUPPORT_ENGINEER, true, null);
    }

    private static MockHttpServletRequestBuilder bearer(MockHttpServletRequestBuilder request, String token) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static JsonNode body(String json) {
        return JSON.readTree(json);
    }

    private static Instant chicago(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), Region.AMERICAS.zone()).toInstant();
    }
}
