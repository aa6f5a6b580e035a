package io.gatehouse.support.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.calendar.Region;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staff tokens end to end: a support engineer creates a personal access token carrying their platform role
 * and works the staff API with it as an API client would (Bearer header, no session); the role is capped
 * by the user's own and re-checked on every use.
 */
@SpringBootTest
@AutoConfigureMockMvc
class StaffTokenIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    PersonalAccessTokens tokens;
    @Autowired
    Accounts accounts;
    @Autowired
    TicketDesk desk;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantScopes scopes;
    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void monday() {
        clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T10:00"), Region.AMERICAS.zone()).toInstant());
    }

    @Test
    void anEngineersStaffTokenWorksTheQueueUntilTheUserIsNoLongerStaff() throws Exception {
        Customer customer = fixtures.customer();
        Ticket ticket = desk.open(customer.contact(), new NewTicket("gateway-enterprise", "3.4.3.0", 2, "Token test",
                "Every POST fails", null));
        SupportActor engineer = fixtures.engineer();

        String token = createStaffToken(engineerSession(engineer), "SUPPORT_ENGINEER");
        assertThat(token).startsWith("gh_pat_");

        mvc.perform(bearer(get("/api/v1/support/staff/queue").param("org", customer.org().toString()), token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(ticket.id().toString()));
        mvc.perform(bearer(json(post("/api/v1/support/staff/tickets/" + ticket.id() + "/comments"),
                        "{\"body\": \"We are looking at it.\"}"), token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.clocks.INITIAL_RESPONSE.state").value("STOPPED"));
        Integer audited = scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from platform_audit_event where entity_id = ? and actor_type = 'TOKEN'", Integer.class,
                ticket.id().toString())));
        assertThat(audited).isPositive();
        // an engineer's token is not an admin's: the admin API refuses it
        mvc.perform(bearer(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [75]}"), token))
                .andExpect(status().isForbidden());

        jdbc.update("update platform_user set platform_role = null where id = ?", engineer.userId());
        mvc.perform(bearer(get("/api/v1/support/staff/queue"), token)).andExpect(status().isUnauthorized());
    }

    @Test
    void aStaffTokenNeverExceedsItsUsersPlatformRole() throws Exception {
        SupportActor engineer = fixtures.engineer();
        mvc.perform(json(post("/api/v1/personal-access-tokens"),
                        "{\"name\": \"up\", \"platformRole\": \"PLATFORM_ADMIN\", \"expiresInDays\": 7}").with(user(engineerSession(engineer))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("platformRole"));
        mvc.perform(json(post("/api/v1/personal-access-tokens"),
                        "{\"name\": \"both\", \"platformRole\": \"SUPPORT_ENGINEER\", \"organization\": \"x\", \"role\": \"VIEWER\", \"expiresInDays\": 7}")
                        .with(user(engineerSession(engineer))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("platformRole"));

        // a customer is not staff: no staff token, and an org token never reaches the staff API
        Customer customer = fixtures.customer();
        SignedInUser contact = SignedInUser.of(accounts.get(customer.contact().userId()));
        mvc.perform(json(post("/api/v1/personal-access-tokens"),
                        "{\"name\": \"sneaky\", \"platformRole\": \"SUPPORT_ENGINEER\", \"expiresInDays\": 7}").with(user(contact)))
                .andExpect(status().isForbidden());
        String orgToken = tokens.create(contact.caller(), customer.org(), "org", OrgRole.VIEWER, Duration.ofDays(1)).token();
        mvc.perform(bearer(get("/api/v1/support/staff/queue"), orgToken)).andExpect(status().isForbidden());
    }

    @Test
    void anAdminsTokenShrinksWhenTheAdminIsDemoted() throws Exception {
        UUID adminId = UUID.randomUUID();
        jdbc.update("insert into platform_user (id, email, display_name, platform_role, created_at) values (?, ?, ?, 'PLATFORM_ADMIN', ?)",
                adminId, "admin-" + adminId + "@gatehouse.test", "Ada Admin", Timestamp.from(Instant.now()));
        SignedInUser admin = new SignedInUser(adminId, "admin-" + adminId + "@gatehouse.test", "Ada Admin",
                PlatformRole.PLATFORM_ADMIN, true, null);
        String token = createStaffToken(admin, "PLATFORM_ADMIN");

        mvc.perform(bearer(get("/api/v1/platform/support/sla-warnings"), token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.percents[0]").value(75));
        mvc.perform(bearer(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [75]}"), token))
                .andExpect(status().isOk());

        jdbc.update("update platform_user set platform_role = 'SUPPORT_ENGINEER' where id = ?", adminId);
        mvc.perform(bearer(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [75]}"), token))
                .andExpect(status().isForbidden());
        mvc.perform(bearer(get("/api/v1/support/staff/queue"), token)).andExpect(status().isOk());
    }

    private String createStaffToken(SignedInUser staff, String role) throws Exception {
        String body = mvc.perform(json(post("/api/v1/personal-access-tokens"),
                        "{\"name\": \"desk\", \"platformRole\": \"" + role + "\", \"expiresInDays\": 7}").with(user(staff)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.details.platformRole").value(role))
                .andExpect(jsonPath("$.details.org").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body).get("token").asString();
    }

    private static SignedInUser engineerSession(SupportActor engineer) {
        return new SignedInUser(engineer.userId(), engineer.name().replace(' ', '.').toLowerCase() + "@gatehouse.test", engineer.name(),
                PlatformRole.SUPPORT_ENGINEER, true, null);
    }

    private static MockHttpServletRequestBuilder bearer(MockHttpServletRequestBuilder request, String token) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
