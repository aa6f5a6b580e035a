package io.gatehouse.console.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.support.SupportDeskFixtures.Customer;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;

/** The support desk's staff pages, request by request: who may see them, filters, bulk assignment, ticket actions, report. */
class StaffPagesIT extends ConsoleIntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    TicketDesk desk;

    private SupportDeskFixtures fixtures;
    private SignedInUser engineer;
    private Account engineerAccount;

    @BeforeEach
    void setUp() {
        fixtures = new SupportDeskFixtures(context);
        engineerAccount = fixtures.engineer(null);
        engineer = SupportDeskFixtures.session(engineerAccount);
    }

    @Test
    void staffPagesAreNotFoundForCustomersAndTheStaffEntryIsHiddenFromThem() throws Exception {
        Customer customer = fixtures.customer(null);
        Ticket ticket = fixtures.ticket(customer, 2, "Hidden from customers");
        for (String page : List.of("/platform/support/queue", "/platform/support/alerts", "/platform/support/report",
                "/platform/support/report.csv", "/platform/support/tickets/" + ticket.number())) {
            MockHttpServletResponse response = mvc.perform(get(page).with(user(customer.session()))).andReturn().getResponse();
            assertThat(response.getStatus()).as(page).isEqualTo(404);
            assertThat(response.getContentAsString()).as(page).doesNotContain("Hidden from customers");
        }
        MockHttpServletResponse refused = mvc.perform(post("/platform/support/tickets/" + ticket.number() + "/note")
                .param("body", "sneaky").with(csrf()).with(user(customer.session()))).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/platform/support/queue")).andReturn().getResponse().getRedirectedUrl()).endsWith("/login");

        String customerHome = page(get("/orgs/" + customer.org().getSlug()), customer.session()).getContentAsString();
        assertThat(customerHome).doesNotContain("/platform/support/queue");
        String staffHome = page(get("/platform/support/queue"), engineer).getContentAsString();
        assertThat(staffHome).contains("href=\"/platform/support/queue\"", "Support desk", "SLA report", "Alerts");
    }

    @Test
    void theQueueIsOrderedByTimeToBreachAndFiltered() throws Exception {
        Customer customer = fixtures.customer(null);
        Ticket sev3 = fixtures.ticket(customer, 3, "Slow listing");
        Ticket sev1 = fixtures.ticket(customer, 1, "Gateway down");
        String slug = customer.org().getSlug();

        String all = page(get("/platform/support/queue").param("org", slug), engineer).getContentAsString();
        assertThat(all).contains(sev1.reference(), sev3.reference(), slug);
        assertThat(all.indexOf(sev1.reference())).as("Sev 1 is due first").isLessThan(all.indexOf(sev3.reference()));

        String severity3 = page(get("/platform/support/queue").param("org", slug).param("severity", "3"), engineer).getContentAsString();
        assertThat(severity3).contains(sev3.reference()).doesNotContain(sev1.reference());
        String breached = page(get("/platform/support/queue").param("org", slug).param("breached", "true"), engineer).getContentAsString();
        assertThat(breached).doesNotContain(sev1.reference(), sev3.reference()).contains("No tickets match.");
        String waiting = page(get("/platform/support/queue").param("org", slug).param("status", "WAITING_ON_CUSTOMER"), engineer)
                .getContentAsString();
        assertThat(waiting).doesNotContain(sev1.reference());
        String product = page(get("/platform/support/queue").param("org", slug).param("product", "mesh"), engineer).getContentAsString();
        assertThat(product).doesNotContain(sev1.reference());

        // htmx asks for the results only: the same URL answers with the fragment, no shell around it
        String fragment = page(get("/platform/support/queue").param("org", slug).param("severity", "1").header("HX-Request", "true"),
                engineer).getContentAsString();
        assertThat(fragment).contains("id=\"queue-results\"", sev1.reference()).doesNotContain("<html", "class=\"topbar\"", sev3.reference());

        MockHttpServletResponse unknownOrg = mvc.perform(get("/platform/support/queue").param("org", "no-such-org-" + UUID.randomUUID())
                .with(user(engineer))).andReturn().getResponse();
        assertThat(unknownOrg.getStatus()).isEqualTo(400);
        assertThat(unknownOrg.getContentAsString()).contains("No organization has the slug");
        assertThat(mvc.perform(get("/platform/support/queue").param("severity", "9").with(user(engineer))).andReturn().getResponse()
                .getStatus()).isEqualTo(400);
    }

    @Test
    void checkedTicketsAreAssignedTogether() throws Exception {
        Customer customer = fixtures.customer(null);
        Ticket first = fixtures.ticket(customer, 2, "First");
        Ticket second = fixtures.ticket(customer, 3, "Second");
        Ticket untouched = fixtures.ticket(customer, 4, "Untouched");
        String returnQuery = "?org=" + customer.org().getSlug();

        MockHttpServletResponse assigned = mvc.perform(post("/platform/support/queue/assign").with(csrf()).with(user(engineer))
                        .param("ticketIds", first.id().toString(), second.id().toString())
                        .param("assigneeId", engineer.userId().toString()).param("returnQuery", returnQuery))
                .andReturn().getResponse();
        assertThat(assigned.getRedirectedUrl()).isEqualTo("/platform/support/queue" + returnQuery);
        SupportActor staff = SupportActor.staff(engineer.userId(), engineerAccount.getDisplayName());
        assertThat(desk.get(staff, first.id()).assigneeId()).isEqualTo(engineer.userId());
        assertThat(desk.get(staff, second.id()).assigneeId()).isEqualTo(engineer.userId());
        assertThat(desk.get(staff, untouched.id()).assigneeId()).isNull();

        String mine = page(get("/platform/support/queue").param("org", customer.org().getSlug())
                .param("assignee", engineer.userId().toString()), engineer).getContentAsString();
        assertThat(mine).contains(first.reference(), second.reference(), engineerAccount.getDisplayName())
                .doesNotContain(untouched.reference());

        MockHttpServletResponse none = mvc.perform(post("/platform/support/queue/assign").with(csrf()).with(user(engineer))
                .param("assigneeId", engineer.userId().toString())).andReturn().getResponse();
        assertThat(none.getStatus()).isEqualTo(400);
        assertThat(none.getContentAsString()).contains("Tick at least one ticket");
        assertThat(mvc.perform(post("/platform/support/queue/assign").with(user(engineer))
                .param("ticketIds", first.id().toString()).param("assigneeId", engineer.userId().toString()))
                .andReturn().getResponse().getStatus()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void anEngineerWorksATicketFromItsPage() throws Exception {
        Customer customer = fixtures.customer(null);
        Ticket ticket = fixtures.ticket(customer, 2, "Timeouts on /orders");
        String base = "/platform/support/tickets/" + ticket.number();

        String page = page(get(base), engineer).getContentAsString();
        assertThat(page).contains(ticket.reference(), "Timeouts on /orders", customer.org().getSlug(), "Initial response", "running",
                "Continuous effort");

        act(post(base + "/note").param("body", "Looks like the upstream pool."));
        act(post(base + "/reply").param("body", "Could you send the gateway logs?").param("waitForCustomer", "true")
                .param("version", Long.toString(desk.get(staff(), ticket.id()).version())));
        String worked = page(get(base), engineer).getContentAsString();
        assertThat(worked).contains("Looks like the upstream pool.", "added an internal note", "Internal",
                "Could you send the gateway logs?", "replied publicly", "Waiting on customer");
        assertThat(worked).containsPattern("(?s)id=\"clock-INITIAL_RESPONSE\".*?stopped.*?Met");

        // the severity needs a reason: the page comes back with the message next to the field and what was typed
        MockHttpServletResponse noReason = mvc.perform(post(base + "/severity").with(csrf()).with(user(engineer))
                .param("severity", "1").param("reason", "")).andReturn().getResponse();
        assertThat(noReason.getStatus()).isEqualTo(400);
        assertThat(noReason.getContentAsString()).contains("id=\"reason-error\"", "aria-invalid=\"true\"");

        long version = desk.get(staff(), ticket.id()).version();
        act(post(base + "/severity").param("severity", "1").param("reason", "Production outage confirmed")
                .param("version", Long.toString(version)));
        act(post(base + "/continuous-effort").param("on", "true"));
        act(post(base + "/assign").param("assigneeId", engineer.userId().toString()));
        Ticket changed = desk.get(staff(), ticket.id());
        assertThat(changed.severity().level()).isEqualTo(1);
        assertThat(changed.continuousEffort()).isTrue();
        assertThat(changed.assigneeId()).isEqualTo(engineer.userId());
        assertThat(page(get(base), engineer).getContentAsString()).contains("Production outage confirmed", "Sev 1",
                "Turn continuous effort off");
        assertThat(page(get("/platform/support/queue").param("org", customer.org().getSlug()), engineer).getContentAsString())
                .contains("badge-effort");

        // a change made on a page loaded before someone else's change is refused, not applied over it
        MockHttpServletResponse stale = mvc.perform(post(base + "/status").with(csrf()).with(user(engineer))
                .param("status", "RESOLVED").param("version", Long.toString(version))).andReturn().getResponse();
        assertThat(stale.getStatus()).isEqualTo(409);
        assertThat(stale.getContentAsString()).contains("was changed by someone else");

        assertThat(mvc.perform(get("/platform/support/tickets/99999999").with(user(engineer))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void theReportHasChartsFromTheWebjarTheSameNumbersInTablesAndCsv() throws Exception {
        Customer customer = fixtures.customer(null);
        fixtures.ticket(customer, 2, "Counted in the report");

        MockHttpServletResponse report = page(get("/platform/support/report"), engineer);
        String html = report.getContentAsString();
        assertThat(html).contains("data-chart=\"sla\"", "/webjars/chart.js/", "/js/support-report.js", "By severity", "By organization",
                "By month", customer.org().getSlug());
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(report.getHeader("Content-Security-Policy")).contains("script-src 'self'");
        String chartJs = html.replaceAll("(?s).*src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
        MockHttpServletResponse script = mvc.perform(get(chartJs)).andReturn().getResponse();
        assertThat(script.getStatus()).isEqualTo(200);
        assertThat(script.getContentAsString()).contains("Chart");

        MockHttpServletResponse csv = page(get("/platform/support/report.csv"), engineer);
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getContentAsString()).startsWith("grouping,group,tickets,met,breached,met_percent")
                .containsPattern("(?m)^org," + customer.org().getSlug() + ",1,1,0,100.0\r?$")
                .containsPattern("(?m)^severity,Sev 2,\\d+,");
        assertThat(mvc.perform(get("/platform/support/report").param("from", "2026-12-01").param("to", "2026-11-01")
                .with(user(engineer))).andReturn().getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void theSupportApiStillAnswersProblemJsonInTheConsoleApplication() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/api/v1/support/staff/tickets/" + UUID.randomUUID()).with(user(engineer)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    private SupportActor staff() {
        return SupportActor.staff(engineer.userId(), engineerAccount.getDisplayName());
    }

    private void act(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(csrf()).with(user(engineer))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(302);
    }

    private MockHttpServletResponse page(MockHttpServletRequestBuilder request, SignedInUser who) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(who))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return response;
    }
}
