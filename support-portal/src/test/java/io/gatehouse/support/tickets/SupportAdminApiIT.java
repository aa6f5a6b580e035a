package io.gatehouse.support.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.Coverage;

/**
 * The platform admins' support API: holidays, the SLA matrix and warnings, the product catalogue — validated,
 * audited, problem+json — and the stored deadlines of open tickets following every change at once.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SupportAdminApiIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    TicketDesk desk;
    @Autowired
    OpenTicketDeadlines deadlines;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantScopes scopes;
    @Autowired
    TransactionTemplate tx;

    private SignedInUser admin;

    @BeforeEach
    void setUp() {
        clock.set(chicago("2026-11-23T10:00"));
        UUID id = UUID.randomUUID();
        String email = "admin-" + id + "@gatehouse.test";
        jdbc.update("insert into platform_user (id, email, display_name, platform_role, created_at) values (?, ?, ?, 'PLATFORM_ADMIN', ?)",
                id, email, "Ada Admin", Timestamp.from(Instant.now()));
        admin = new SignedInUser(id, email, "Ada Admin", PlatformRole.PLATFORM_ADMIN, true, null);
    }

    @Test
    void aHolidayMovesTheStoredDeadlinesOfThatRegionsOpenTicketsOnly() throws Exception {
        Ticket chicagoTicket = sev3(fixtures.customer(Coverage.BUSINESS_HOURS, Region.AMERICAS, null));
        Ticket londonTicket = sev3(fixtures.customer(Coverage.BUSINESS_HOURS, Region.EMEA, null));
        Instant londonDue = storedDue(londonTicket);
        // 12 business hours from Monday 10:00: Monday 9 h + Tuesday 3 h
        assertThat(storedDue(chicagoTicket)).isEqualTo(chicago("2026-11-24T10:00"));

        mvc.perform(json(post("/api/v1/platform/support/holidays"),
                        "{\"region\": \"AMERICAS\", \"date\": \"2026-11-24\", \"name\": \"Storm closure\"}").with(user(admin)))
                .andExpect(status().isCreated());
        assertThat(storedDue(chicagoTicket)).isEqualTo(chicago("2026-11-25T10:00"));
        assertThat(breachDeadline(chicagoTicket)).isEqualTo(chicago("2026-11-25T10:00"));
        assertThat(storedDue(londonTicket)).isEqualTo(londonDue);

        mvc.perform(json(post("/api/v1/platform/support/holidays"),
                        "{\"region\": \"AMERICAS\", \"date\": \"2026-11-24\", \"name\": \"Again\"}").with(user(admin)))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(json(put("/api/v1/platform/support/holidays/AMERICAS/2026-11-24"), "{\"name\": \"Ice storm closure\"}").with(user(admin)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/platform/support/holidays").param("region", "AMERICAS").with(user(admin)))
                .andExpect(jsonPath("$[?(@.date == '2026-11-24')].name").value("Ice storm closure"))
                .andExpect(jsonPath("$[?(@.date == '2026-11-26')].name").isNotEmpty());
        mvc.perform(delete("/api/v1/platform/support/holidays/AMERICAS/2026-11-24").with(user(admin)))
                .andExpect(status().isNoContent());
        assertThat(storedDue(chicagoTicket)).isEqualTo(chicago("2026-11-24T10:00"));
        assertThat(audits("support_holiday", "AMERICAS/2026-11-24")).containsExactlyInAnyOrder("create", "update", "delete");
    }

    @Test
    void aTargetChangeRecomputesOpenTicketsAndRemovingTheProductsOwnCellRestoresTheDefault() throws Exception {
        Ticket ticket = sev3(fixtures.customer());
        String cell = "{\"metric\": \"INITIAL_RESPONSE\", \"coverage\": \"BUSINESS_HOURS\", \"severity\": 3,"
                + " \"product\": \"gateway-enterprise\", \"minutes\": 120, \"basis\": \"BUSINESS\"}";
        try {
            mvc.perform(json(put("/api/v1/platform/support/sla-targets"), cell).with(user(admin)))
                    .andExpect(status().isOk());
            assertThat(storedDue(ticket)).isEqualTo(chicago("2026-11-23T12:00"));
            mvc.perform(get("/api/v1/platform/support/sla-targets").with(user(admin)))
                    .andExpect(jsonPath("$[?(@.product == 'gateway-enterprise' && @.severity == 3)].minutes").value(120));
        } finally {
            mvc.perform(delete("/api/v1/platform/support/sla-targets").param("metric", "INITIAL_RESPONSE")
                            .param("coverage", "BUSINESS_HOURS").param("severity", "3").param("product", "gateway-enterprise")
                            .with(user(admin)))
                    .andExpect(status().isNoContent());
        }
        assertThat(storedDue(ticket)).isEqualTo(chicago("2026-11-24T10:00"));
        assertThat(audits("support_sla_target", "INITIAL_RESPONSE/BUSINESS_HOURS/3/gateway-enterprise")).containsExactlyInAnyOrder("update", "delete");

        mvc.perform(delete("/api/v1/platform/support/sla-targets").param("metric", "INITIAL_RESPONSE")
                        .param("coverage", "BUSINESS_HOURS").param("severity", "3").with(user(admin)))
                .andExpect(status().isConflict());
    }

    @Test
    void newWarningPercentagesReplaceThePendingWarnings() throws Exception {
        Ticket ticket = sev3(fixtures.customer());
        assertThat(thresholds(ticket)).contains("WARN_75");
        try {
            mvc.perform(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [50, 90]}").with(user(admin)))
                    .andExpect(status().isOk());
            assertThat(thresholds(ticket)).contains("WARN_50", "WARN_90").doesNotContain("WARN_75");
        } finally {
            mvc.perform(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [75]}").with(user(admin)))
                    .andExpect(status().isOk());
        }
        assertThat(thresholds(ticket)).contains("WARN_75").doesNotContain("WARN_50");
        mvc.perform(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [0, 75, 75]}").with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("percents"));
    }

    @Test
    void badInputIsNamedAndOnlyPlatformAdminsWrite() throws Exception {
        mvc.perform(json(put("/api/v1/platform/support/sla-targets"), "{\"minutes\": 0}").with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("metric", "coverage", "severity", "minutes", "basis")));
        mvc.perform(json(post("/api/v1/platform/support/holidays"), "{\"region\": \"MARS\"}").with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(json(post("/api/v1/platform/support/holidays"), "{}").with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("region", "date", "name")));

        SupportActor engineer = fixtures.engineer();
        SignedInUser engineerSession = new SignedInUser(engineer.userId(), "e-" + engineer.userId() + "@gatehouse.test",
                engineer.name(), PlatformRole.SUPPORT_ENGINEER, true, null);
        mvc.perform(get("/api/v1/platform/support/sla-targets").with(user(engineerSession))).andExpect(status().isOk());
        mvc.perform(json(put("/api/v1/platform/support/sla-warnings"), "{\"percents\": [80]}").with(user(engineerSession)))
                .andExpect(status().isForbidden());
        mvc.perform(json(post("/api/v1/platform/support/products"), "{\"code\": \"x-1\", \"name\": \"X\", \"versionPolicy\": \"ALWAYS\"}")
                        .with(user(engineerSession)))
                .andExpect(status().isForbidden());
    }

    @Test
    void theCatalogueIsEditedAndProductsInUseStay() throws Exception {
        String code = "p-" + SupportFixtures.suffix();
        String base = "/api/v1/platform/support/products";
        mvc.perform(json(post(base), "{\"code\": \"" + code + "\", \"name\": \"Probe\", \"versionPolicy\": \"MESH\", \"mostUrgentSeverity\": 2}")
                        .with(user(admin)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.mostUrgentSeverity").value("SEV2"));
        mvc.perform(json(post(base), "{\"code\": \"" + code + "\", \"name\": \"Probe\", \"versionPolicy\": \"MESH\"}").with(user(admin)))
                .andExpect(status().isConflict());
        mvc.perform(json(post(base), "{\"code\": \"Bad Code\", \"name\": \"\", \"versionPolicy\": \"MESH\"}").with(user(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(json(put(base + "/" + code), "{\"name\": \"Probe Mesh\", \"versionPolicy\": \"MESH\", \"mostUrgentSeverity\": 1}")
                        .with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Probe Mesh"));

        mvc.perform(json(post(base + "/" + code + "/versions"), "{\"name\": \"1.0.0\", \"releasedOn\": \"2026-01-10\"}").with(user(admin)))
                .andExpect(status().isCreated());
        mvc.perform(json(put(base + "/" + code + "/versions/1.0.0"), "{\"releasedOn\": \"2026-02-01\", \"lts\": true}").with(user(admin)))
                .andExpect(status().isOk());
        mvc.perform(get(base + "/" + code + "/versions").with(user(admin)))
                .andExpect(jsonPath("$[0].releasedOn").value("2026-02-01"))
                .andExpect(jsonPath("$[0].lts").value(true));
        mvc.perform(delete(base + "/" + code + "/versions/1.0.0").with(user(admin))).andExpect(status().isNoContent());
        mvc.perform(delete(base + "/" + code + "/versions/1.0.0").with(user(admin))).andExpect(status().isNotFound());
        mvc.perform(delete(base + "/" + code).with(user(admin))).andExpect(status().isNoContent());
        mvc.perform(get(base + "/" + code + "/versions").with(user(admin))).andExpect(status().isNotFound());

        sev3(fixtures.customer());
        mvc.perform(delete(base + "/gateway-enterprise").with(user(admin)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("in use")));
        assertThat(audits("support_product", code)).containsExactlyInAnyOrder("create", "update", "delete");
    }

    @Test
    void recomputingWalksEveryOpenTicketBatchByBatch() {
        List<Ticket> tickets = List.of(sev3(fixtures.customer()), sev3(fixtures.customer()), sev3(fixtures.customer()),
                sev3(fixtures.customer()), sev3(fixtures.customer()));
        List<Instant> expected = tickets.stream().map(this::storedDue).toList();
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(s -> tickets.forEach(t -> {
            jdbc.update("delete from support_sla_deadline where ticket_id = ?", t.id());
            jdbc.update("update support_ticket set next_due_at = null where id = ?", t.id());
        })));
        assertThat(tickets.stream().map(this::storedDue).toList()).containsOnlyNulls();

        int recomputed = deadlines.recompute(null, 2);

        assertThat(recomputed).isGreaterThanOrEqualTo(5);
        assertThat(tickets.stream().map(this::storedDue).toList()).isEqualTo(expected);
        assertThat(tickets.stream().map(this::breachDeadline).toList()).isEqualTo(expected);
    }

    private Ticket sev3(Customer customer) {
        return desk.open(customer.contact(), new NewTicket("gateway-enterprise", "3.4.3.0", 3, "Slow admin API",
                "Listing services takes seconds", null));
    }

    private Instant storedDue(Ticket ticket) {
        Timestamp due = scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForObject(
                "select next_due_at from support_ticket where id = ?", Timestamp.class, ticket.id())));
        return due == null ? null : due.toInstant();
    }

    private Instant breachDeadline(Ticket ticket) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select due_at from support_sla_deadline where ticket_id = ? and clock = 'INITIAL_RESPONSE' and threshold = 'BREACH'",
                Timestamp.class, ticket.id()))).stream().findFirst().map(Timestamp::toInstant).orElse(null);
    }

    private List<String> thresholds(Ticket ticket) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select threshold from support_sla_deadline where ticket_id = ? and clock = 'INITIAL_RESPONSE'", String.class, ticket.id())));
    }

    private List<String> audits(String entityType, String entityId) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select action from platform_audit_event where entity_type = ? and entity_id = ? order by occurred_at, id",
                String.class, entityType, entityId)));
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static Instant chicago(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), Region.AMERICAS.zone()).toInstant();
    }
}
