package io.gatehouse.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.console.TestClock;
import io.gatehouse.console.support.SupportDeskFixtures;
import io.gatehouse.console.support.SupportDeskFixtures.Customer;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.scan.SlaScan;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import io.gatehouse.support.tickets.TicketEvent;

/**
 * The support desk's staff side in a real headless Chromium: an engineer finds a contact's ticket in the
 * queue and answers it (the initial-response clock stops, met); and the auto-close path with the control
 * plane's clock moved ahead: waiting on the customer, the warning after 4 business days, the close after 5.
 */
class SupportDeskFlowIT extends BrowserIntegrationTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    ApplicationContext context;
    @Autowired
    TestClock clock;
    @Autowired
    SlaScan scan;
    @Autowired
    TicketDesk desk;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantScopes scopes;
    @Autowired
    TransactionTemplate tx;

    private SupportDeskFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new SupportDeskFixtures(context);
    }

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    @Test
    void anEngineerFindsAContactsTicketInTheQueueAndAPublicReplyMeetsTheInitialResponseTarget() {
        Customer customer = fixtures.customer(null);
        Account engineer = fixtures.engineer(PASSWORD);
        Ticket ticket = fixtures.ticket(customer, 2, "Checkout API returns 502 " + suffix);

        signIn(engineer.getEmail());
        browser.findElement(By.cssSelector("header.topbar")).findElement(By.linkText("Support desk")).click();
        waitForPath("/platform/support/queue");
        assertThat(text("h1")).isEqualTo("Support queue");

        // Filter by the customer's organization: htmx swaps the results and keeps the URL in step.
        type("org", customer.org().getSlug());
        submit("form[hx-get]");
        wait.until(ExpectedConditions.urlContains("org=" + customer.org().getSlug()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("queue-results"), ticket.reference()));
        assertThat(text("#queue-results tbody")).contains("Checkout API returns 502 " + suffix, "Sev 2", "in ");

        browser.findElement(By.linkText(ticket.reference())).click();
        waitForPath("/platform/support/tickets/" + ticket.number());
        assertThat(text("#clock-INITIAL_RESPONSE .clock-state")).isEqualTo("running");

        type("note-body", "Probably the upstream pool " + suffix);
        submit("form[action$='/note']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Internal note added."));
        type("reply-body", "We are looking at your gateway logs now.");
        submit("form[action$='/reply']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Reply sent to the customer."));

        assertThat(text("#clock-INITIAL_RESPONSE .clock-state")).isEqualTo("stopped");
        assertThat(text("#clock-INITIAL_RESPONSE .clock-result")).isEqualTo("Met");
        assertThat(text("#ticket-status")).isEqualTo("Open");
        WebElement reply = browser.findElement(By.xpath("//ol[@class='timeline']/li[contains(., 'We are looking at your gateway logs')]"));
        assertThat(reply.getAttribute("class")).contains("public");
        assertThat(reply.getText()).contains("replied publicly", "Public");
        WebElement note = browser.findElement(By.xpath("//ol[@class='timeline']/li[contains(., 'Probably the upstream pool')]"));
        assertThat(note.getAttribute("class")).contains("internal");
        assertThat(note.getText()).contains("Internal");
        // the customer's side of the same ticket has the reply, never the note
        assertThat(desk.timeline(customer.actor(), ticket.id())).extracting(TicketEvent::body)
                .contains("We are looking at your gateway logs now.").doesNotContain("Probably the upstream pool " + suffix);

        // The SLA report draws its charts with Chart.js from the webjar, under the console's CSP (no inline script).
        browser.findElement(By.linkText("SLA report")).click();
        waitForPath("/platform/support/report");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report-org canvas[data-rendered='true']")));
        assertThat(text("#report-org table")).contains(customer.org().getSlug());
        assertThat(browser.findElements(By.cssSelector("canvas[data-chart='sla']")))
                .allSatisfy(canvas -> assertThat(canvas.getAttribute("data-rendered")).isEqualTo("true"));
    }

    @Test
    void aTicketWaitingOnTheCustomerIsWarnedAfterFourBusinessDaysAndClosedAfterFive() throws Exception {
        clock.set(chicago("2026-11-30T10:00"));
        Customer customer = fixtures.customer(null);
        Account engineer = fixtures.engineer(PASSWORD);
        Ticket ticket = fixtures.ticket(customer, 3, "Intermittent 401s " + suffix);

        signIn(engineer.getEmail());
        open("/platform/support/tickets/" + ticket.number());
        type("reply-body", "Could you send us a HAR file of a failing request?");
        browser.findElement(By.id("wait")).click();
        submit("form[action$='/reply']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Reply sent to the customer."));
        assertThat(text("#ticket-status")).isEqualTo("Waiting on customer");
        assertThat(text("#clock-RESOLUTION .clock-state")).isEqualTo("paused");

        Instant waitingSince = desk.timeline(customer.actor(), ticket.id()).stream()
                .filter(e -> e.kind() == TicketEvent.Kind.STATUS).reduce((a, b) -> b).orElseThrow().at();
        Instant warningDue = deadline(ticket, "AUTO_CLOSE_WARNING");
        Instant closeDue = deadline(ticket, "AUTO_CLOSE");
        // Monday 10:00 + 4 business days (12 h each, 07:00-19:00 Chicago) is Friday 10:00; + 5 is the next Monday 10:00.
        assertThat(Duration.between(waitingSince, warningDue)).isEqualTo(Duration.ofDays(4));
        assertThat(Duration.between(waitingSince, closeDue)).isEqualTo(Duration.ofDays(7));

        clock.set(warningDue.minus(Duration.ofMinutes(5)));
        scanNow();
        open("/platform/support/alerts?limit=1000");
        assertThat(browser.findElements(alertRow(ticket, "AUTO_CLOSE_WARNING"))).isEmpty();

        clock.set(warningDue.plus(Duration.ofMinutes(5)));
        scanNow();
        open("/platform/support/alerts?limit=1000");
        assertThat(browser.findElement(alertRow(ticket, "AUTO_CLOSE_WARNING")).getText()).contains("Auto-close warning sent",
                ticket.reference());
        open("/platform/support/tickets/" + ticket.number());
        assertThat(text("#ticket-status")).isEqualTo("Waiting on customer");
        assertThat(text("ol.timeline")).contains("warned the customer of the coming auto-close",
                "will be closed after one more business day without a response");

        clock.set(closeDue.minus(Duration.ofMinutes(5)));
        scanNow();
        browser.navigate().refresh();
        assertThat(text("#ticket-status")).isEqualTo("Waiting on customer");

        clock.set(closeDue.plus(Duration.ofMinutes(5)));
        scanNow();
        browser.navigate().refresh();
        assertThat(text("#ticket-status")).isEqualTo("Closed");
        assertThat(text("ol.timeline")).contains("Gatehouse support desk changed the status from waiting on customer to closed");
        open("/platform/support/alerts?limit=1000");
        assertThat(browser.findElement(alertRow(ticket, "AUTO_CLOSE")).getText()).contains("Auto-closed");
    }

    /** Runs a scan; if a scheduled one holds the cluster lock, tries again until one of ours runs (so theirs has committed). */
    private void scanNow() throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (scan.run().ran()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the SLA scan never got its lock");
    }

    private Instant deadline(Ticket ticket, String threshold) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForObject(
                "select due_at from support_sla_deadline where ticket_id = ? and threshold = ? order by cycle desc limit 1",
                Timestamp.class, ticket.id(), threshold))).toInstant();
    }

    private static By alertRow(Ticket ticket, String threshold) {
        return By.cssSelector("tr[data-ticket='" + ticket.reference() + "'][data-threshold='" + threshold + "']");
    }

    private void signIn(String email) {
        open("/login");
        type("username", email);
        type("password", PASSWORD);
        submit("form[method=post][action$='/login']");
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private static Instant chicago(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), Region.AMERICAS.zone()).toInstant();
    }
}
