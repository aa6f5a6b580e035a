package io.gatehouse.support.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.tickets.NewTicket;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import io.gatehouse.support.tickets.TicketEvent;
import io.gatehouse.support.tickets.TicketStatus;
import io.micrometer.core.instrument.MeterRegistry;

@SpringBootTest
class SlaScanIT {

    @Autowired
    SlaScan scan;
    @Autowired
    TicketDesk desk;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantScopes scopes;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void monday() {
        clock.set(chicago("2026-11-23T10:00"));
    }

    @Test
    void aWarningAndABreachAreEachRaisedOnce() {
        Customer customer = fixtures.customer();
        Ticket ticket = desk.open(customer.contact(), sev2());

        clock.set(chicago("2026-11-23T12:59"));
        scan.run();
        assertThat(alerts(ticket)).isEmpty();

        clock.set(chicago("2026-11-23T13:00"));
        scan.run();
        scan.run();
        assertThat(alerts(ticket)).containsExactly("INITIAL_RESPONSE/1/WARN_75");

        clock.set(chicago("2026-11-23T14:01"));
        scan.run();
        scan.run();
        assertThat(alerts(ticket)).containsExactly("INITIAL_RESPONSE/1/WARN_75", "INITIAL_RESPONSE/1/BREACH");
        assertThat(desk.get(customer.contact(), ticket.id()).slaBreached()).isTrue();
    }

    @Test
    void aStoppedClockRaisesNothing() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev2());
        clock.set(chicago("2026-11-23T11:00"));
        desk.reply(engineer, ticket.id(), "On it.", null, false);

        clock.set(chicago("2026-11-23T15:00"));
        scan.run();

        assertThat(alerts(ticket)).isEmpty();
    }

    @Test
    void onlyOneReplicaScansAtATime() throws Exception {
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            statement.execute("select pg_advisory_lock(" + SlaScan.SCAN_LOCK + ")");
            try {
                assertThat(scan.run().ran()).isFalse();
            } finally {
                statement.execute("select pg_advisory_unlock(" + SlaScan.SCAN_LOCK + ")");
            }
        }
        assertThat(scan.run().ran()).isTrue();
    }

    @Test
    void aTicketWaitingFiveBusinessDaysIsWarnedOnTheFourthAndThenClosed() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev2());
        clock.set(chicago("2026-11-23T11:00"));
        desk.reply(engineer, ticket.id(), "Please send the logs.", null, true);

        // 4 business days from Mon 11:00 with Thanksgiving (Thu 26 Nov) off: Mon 30 Nov 11:00.
        clock.set(chicago("2026-11-30T10:59"));
        assertThat(scan.run().autoCloseWarnings()).doesNotContain(ticket.id());
        clock.set(chicago("2026-11-30T11:00"));
        assertThat(scan.run().autoCloseWarnings()).contains(ticket.id());
        assertThat(desk.timeline(customer.contact(), ticket.id())).extracting(TicketEvent::kind)
                .contains(TicketEvent.Kind.AUTO_CLOSE_WARNING);

        clock.set(chicago("2026-12-01T11:00"));
        ScanResult closing = scan.run();
        assertThat(closing.autoClosed()).contains(ticket.id());
        assertThat(desk.get(customer.contact(), ticket.id()).status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(scan.run().autoClosed()).doesNotContain(ticket.id());
    }

    @Test
    void aCustomerReplyCancelsThePendingAutoClose() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev2());
        clock.set(chicago("2026-11-23T11:00"));
        desk.reply(engineer, ticket.id(), "Please send the logs.", null, true);
        clock.set(chicago("2026-11-25T11:00"));
        desk.reply(customer.contact(), ticket.id(), "Here they are.", null, false);

        clock.set(chicago("2026-12-02T11:00"));
        ScanResult result = scan.run();

        assertThat(result.autoClosed()).doesNotContain(ticket.id());
        assertThat(desk.get(customer.contact(), ticket.id()).status()).isEqualTo(TicketStatus.OPEN);
    }

    @Test
    void theDeskHealthIsExportedForMonitoring() {
        Customer customer = fixtures.customer();
        Ticket ticket = desk.open(customer.contact(), sev2());

        clock.set(chicago("2026-11-23T13:00"));
        scan.run();
        // The gauges re-read the database once the clock moved past their refresh period.
        assertThat(gauge("gatehouse.support.tickets.open")).isEqualTo(count(OPEN)).isPositive();
        assertThat(count("t.id = '" + ticket.id() + "' and " + DUE_SOON)).as("past 75 %% of the initial-response target").isOne();
        assertThat(gauge("gatehouse.support.sla.due.soon")).isEqualTo(count(OPEN + " and " + DUE_SOON));

        double breachesBefore = meters.get("gatehouse.support.sla.breaches").tag("severity", "2").counter().count();
        Instant breach = chicago("2026-11-23T14:02:17"); // an instant no other test scans at
        clock.set(breach);
        scan.run();
        long raised = count("exists (select 1 from support_sla_deadline d where d.ticket_id = t.id and d.threshold = 'BREACH'"
                + " and d.notified_at = '" + breach + "')");
        assertThat(raised).isPositive();
        assertThat(meters.get("gatehouse.support.sla.breaches").tag("severity", "2").counter().count())
                .isEqualTo(breachesBefore + raised);
        assertThat(count("t.id = '" + ticket.id() + "' and " + DUE_SOON)).as("breached, no longer due soon").isZero();
        assertThat(gauge("gatehouse.support.sla.due.soon")).isEqualTo(count(OPEN + " and " + DUE_SOON));
    }

    private static final String OPEN = "t.status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')";
    private static final String DUE_SOON = "exists (select 1 from support_sla_deadline w join support_sla_deadline b"
            + " on b.ticket_id = w.ticket_id and b.clock = w.clock and b.cycle = w.cycle and b.threshold = 'BREACH'"
            + " where w.ticket_id = t.id and w.threshold like 'WARN%' and w.notified_at is not null and b.notified_at is null)";

    private double gauge(String name) {
        return meters.get(name).tag("severity", "2").gauge().value();
    }

    /** Severity-2 tickets of every organization matching the condition on {@code t}. */
    private long count(String condition) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.queryForObject(
                "select count(*) from support_ticket t where t.severity = 2 and " + condition, Long.class)));
    }

    private List<String> alerts(Ticket ticket) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select clock || '/' || cycle || '/' || threshold from support_sla_deadline where ticket_id = ? and notified_at is not null"
                        + " and clock <> 'AUTO_CLOSE' order by due_at, threshold desc",
                String.class, ticket.id())));
    }

    private static NewTicket sev2() {
        return new NewTicket("gateway-enterprise", "3.4.3.0", 2, "Admin API slow", "The admin API takes 30 s per call.", "");
    }

    private static Instant chicago(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), Region.AMERICAS.zone()).toInstant();
    }
}
