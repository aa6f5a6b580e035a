package io.gatehouse.support.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.sla.SlaMetric;

@SpringBootTest
class TicketDeskIT {

    @Autowired
    TicketDesk desk;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    CustomerContacts contacts;
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
        clock.set(chicago("2026-11-23T10:00"));
    }

    @Test
    void aContactFilesATicketAndTheInitialResponseClockRunsInBusinessHours() {
        Customer customer = fixtures.customer();

        Ticket ticket = desk.open(customer.contact(), sev(2, "gateway-enterprise"));

        assertThat(ticket.status()).isEqualTo(TicketStatus.NEW);
        assertThat(ticket.reference()).startsWith("GH-");
        assertThat(ticket.nextDueAt()).isEqualTo(chicago("2026-11-23T14:00"));
        Map<SlaMetric, ClockView> clocks = desk.clocks(customer.contact(), ticket.id());
        assertThat(clocks.get(SlaMetric.INITIAL_RESPONSE).dueAt()).isEqualTo(chicago("2026-11-23T14:00"));
        assertThat(clocks.get(SlaMetric.INITIAL_RESPONSE).warningsAt()).containsEntry(75, chicago("2026-11-23T13:00"));
        assertThat(deadlines(ticket)).contains("INITIAL_RESPONSE/1/BREACH", "INITIAL_RESPONSE/1/WARN_75", "RESOLUTION/1/BREACH");
        assertThat(desk.timeline(customer.contact(), ticket.id())).extracting(TicketEvent::kind).containsExactly(TicketEvent.Kind.CREATED);
        assertThat(auditActions(ticket)).contains("create");
    }

    @Test
    void aStaffReplyStopsTheInitialResponseClockAndOpensTheTicket() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(2, "mesh"));

        clock.set(chicago("2026-11-23T11:30"));
        Ticket answered = desk.reply(engineer, ticket.id(), "Looking into it: please send the gateway logs.", ticket.version(), false);

        assertThat(answered.status()).isEqualTo(TicketStatus.OPEN);
        ClockView initial = desk.clocks(customer.contact(), ticket.id()).get(SlaMetric.INITIAL_RESPONSE);
        assertThat(initial.state()).isEqualTo(ClockView.State.STOPPED);
        assertThat(initial.cycles().get(0).met()).isTrue();
        assertThat(deadlines(ticket)).doesNotContain("INITIAL_RESPONSE/1/BREACH").contains("RESOLUTION/1/BREACH");
    }

    @Test
    void waitingOnTheCustomerPausesAndTheCustomerReplyResumesWithANextResponseClock() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "gateway-enterprise"));
        clock.set(chicago("2026-11-23T11:00"));
        desk.reply(engineer, ticket.id(), "Which version do you run?", null, true);

        assertThat(desk.get(customer.contact(), ticket.id()).status()).isEqualTo(TicketStatus.WAITING_ON_CUSTOMER);
        assertThat(desk.clocks(engineer, ticket.id()).get(SlaMetric.RESOLUTION).paused()).isTrue();
        assertThat(deadlines(ticket)).containsOnly("AUTO_CLOSE/1/AUTO_CLOSE_WARNING", "AUTO_CLOSE/1/AUTO_CLOSE");

        clock.set(chicago("2026-11-24T09:00"));
        Ticket back = desk.reply(customer.contact(), ticket.id(), "3.4.3.0", null, false);

        assertThat(back.status()).isEqualTo(TicketStatus.OPEN);
        ClockView next = desk.clocks(engineer, ticket.id()).get(SlaMetric.NEXT_RESPONSE);
        assertThat(next.state()).isEqualTo(ClockView.State.RUNNING);
        assertThat(next.dueAt()).isEqualTo(chicago("2026-11-25T09:00")); // Sev3: one business day
        assertThat(deadlines(ticket)).contains("NEXT_RESPONSE/1/BREACH").doesNotContain("AUTO_CLOSE/1/AUTO_CLOSE");
    }

    @Test
    void anotherOrganizationsTicketIsNotFound() {
        Customer acme = fixtures.customer();
        Customer globex = fixtures.customer();
        Ticket ticket = desk.open(acme.contact(), sev(3, "mesh"));

        assertThatThrownBy(() -> desk.get(globex.contact(), ticket.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> desk.reply(globex.contact(), ticket.id(), "hi", null, false)).isInstanceOf(NotFoundException.class);
        assertThat(desk.ofMyOrganization(globex.contact())).isEmpty();
        assertThat(desk.ofMyOrganization(acme.contact())).extracting(Ticket::id).containsExactly(ticket.id());
    }

    @Test
    void insomniaTicketsAreSeverityThreeOrFourAndInputErrorsNameTheirFields() {
        Customer customer = fixtures.customer();

        assertThatThrownBy(() -> desk.open(customer.contact(), sev(1, "insomnia")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v.field()).isEqualTo("severity")));
        assertThatThrownBy(() -> desk.open(customer.contact(), new NewTicket("nope", null, 7, " ", "", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).contains("product", "severity", "subject", "description"));
        assertThat(desk.open(customer.contact(), sev(3, "insomnia")).severity()).isEqualTo(Severity.SEV3);
    }

    @Test
    void onlyContactsWithoutATrainingRequirementFileTickets() {
        Customer customer = fixtures.customer();
        UUID colleague = fixtures.member(customer.org(), "colleague-" + SupportFixtures.suffix() + "@example.com", "Colleague");

        assertThatThrownBy(() -> desk.open(SupportActor.customer(colleague, "Colleague", customer.org()), sev(3, "mesh")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("designated support contacts");

        contacts.setTrainingRequired(customer.org(), customer.contact().userId(), true);
        assertThatThrownBy(() -> desk.open(customer.contact(), sev(3, "mesh")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("training");

        contacts.setTrainingRequired(customer.org(), customer.contact().userId(), false);
        assertThat(desk.open(customer.contact(), sev(3, "mesh"))).isNotNull();
    }

    @Test
    void theContactLimitOfTheOrderFormIsEnforced() {
        Customer customer = fixtures.customer(Coverage.BUSINESS_HOURS, Region.EMEA, 2);
        UUID second = fixtures.member(customer.org(), "second-" + SupportFixtures.suffix() + "@example.com", "Second");
        UUID third = fixtures.member(customer.org(), "third-" + SupportFixtures.suffix() + "@example.com", "Third");

        contacts.designate(customer.org(), second);

        assertThatThrownBy(() -> contacts.designate(customer.org(), third))
                .isInstanceOf(ConflictException.class).hasMessageContaining("allows 2 support contacts");
        contacts.remove(customer.org(), second);
        assertThat(contacts.designate(customer.org(), third).userId()).isEqualTo(third);
    }

    @Test
    void aSeverityChangeNeedsAReasonAndMovesTheDueTimeFromTheOriginalStart() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "gateway-enterprise"));
        clock.set(chicago("2026-11-23T11:00"));

        assertThatThrownBy(() -> desk.changeSeverity(engineer, ticket.id(), 1, " ", null))
                .isInstanceOf(InvalidInputException.class);
        Ticket raised = desk.changeSeverity(engineer, ticket.id(), 2, "Production traffic is failing for one region.", null);

        assertThat(raised.severity()).isEqualTo(Severity.SEV2);
        assertThat(raised.nextDueAt()).isEqualTo(chicago("2026-11-23T14:00")); // 4 business hours from 10:00
        assertThat(desk.timeline(customer.contact(), ticket.id())).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(TicketEvent.Kind.SEVERITY);
            assertThat(e.body()).isEqualTo("Production traffic is failing for one region.");
        });
        assertThatThrownBy(() -> desk.changeSeverity(customer.contact(), ticket.id(), 1, "please", null))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void internalNotesAreHiddenFromTheCustomer() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));

        desk.note(engineer, ticket.id(), "Probably the known DNS bug.");

        assertThat(desk.timeline(engineer, ticket.id())).extracting(TicketEvent::kind).contains(TicketEvent.Kind.NOTE);
        assertThat(desk.timeline(customer.contact(), ticket.id())).extracting(TicketEvent::kind).doesNotContain(TicketEvent.Kind.NOTE);
        assertThatThrownBy(() -> desk.note(customer.contact(), ticket.id(), "x")).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aResolvedTicketReopensOnACustomerReplyButAClosedOneIsFinal() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));
        desk.reply(engineer, ticket.id(), "Fixed in 2.1.1.", null, false);
        desk.changeStatus(engineer, ticket.id(), TicketStatus.RESOLVED, null);

        Ticket reopened = desk.reply(customer.contact(), ticket.id(), "Still failing after the upgrade.", null, false);
        assertThat(reopened.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(desk.clocks(engineer, ticket.id()).get(SlaMetric.RESOLUTION).cycles()).hasSize(2);

        desk.changeStatus(customer.contact(), ticket.id(), TicketStatus.CLOSED, null);
        assertThatThrownBy(() -> desk.reply(customer.contact(), ticket.id(), "one more thing", null, false))
                .isInstanceOf(ConflictException.class).hasMessageContaining("open a new ticket");
        assertThatThrownBy(() -> desk.changeStatus(customer.contact(), ticket.id(), TicketStatus.OPEN, null))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void continuousEffortIsForSeverityOneAndTwoAndClearsWhenLowered() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(1, "gateway-enterprise"));

        Ticket flagged = desk.setContinuousEffort(engineer, ticket.id(), true, null);
        assertThat(flagged.continuousEffort()).isTrue();

        Ticket lowered = desk.changeSeverity(engineer, ticket.id(), 3, "A workaround is in place.", null);
        assertThat(lowered.continuousEffort()).isFalse();
        assertThatThrownBy(() -> desk.setContinuousEffort(engineer, ticket.id(), true, null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void assignmentIsToSupportEngineersOnly() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));

        assertThat(desk.assign(engineer, ticket.id(), engineer.userId(), null).assigneeId()).isEqualTo(engineer.userId());
        assertThatThrownBy(() -> desk.assign(engineer, ticket.id(), customer.contact().userId(), null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void followersAreAddedOnceAndCustomersOnlyFollowThemselves() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        UUID colleague = fixtures.member(customer.org(), "follower-" + SupportFixtures.suffix() + "@example.com", "Follower");
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));

        assertThatThrownBy(() -> desk.follow(customer.contact(), ticket.id(), colleague)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> desk.follow(customer.contact(), ticket.id(), customer.contact().userId()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already follows");
        desk.follow(engineer, ticket.id(), engineer.userId());

        assertThat(desk.timeline(engineer, ticket.id())).extracting(TicketEvent::kind).contains(TicketEvent.Kind.FOLLOWER_ADDED);
    }

    @Test
    void aStaleVersionIsAConflictWithAClearMessage() {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));
        desk.reply(customer.contact(), ticket.id(), "More details: it fails on POST only.", ticket.version(), false);

        assertThatThrownBy(() -> desk.changeSeverity(engineer, ticket.id(), 2, "Impact is wider than reported.", ticket.version()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("was changed by someone else since you loaded it")
                .hasMessageContaining("Reload");
    }

    @Test
    void concurrentChangesByAContactAndAnEngineerLoseNoUpdate() throws Exception {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), sev(3, "mesh"));
        long seen = ticket.version();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Object> contact = () -> {
                start.await(10, TimeUnit.SECONDS);
                return attempt(() -> desk.reply(customer.contact(), ticket.id(), "Logs attached.", seen, false));
            };
            Callable<Object> staff = () -> {
                start.await(10, TimeUnit.SECONDS);
                return attempt(() -> desk.changeSeverity(engineer, ticket.id(), 2, "Confirmed impact.", seen));
            };
            Future<Object> a = pool.submit(contact);
            Future<Object> b = pool.submit(staff);
            List<Object> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

            assertThat(outcomes).filteredOn(o -> o instanceof Ticket).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof ConflictException).hasSize(1);
            Ticket after = desk.get(engineer, ticket.id());
            assertThat(after.version()).isEqualTo(seen + 1);
            List<TicketEvent> timeline = desk.timeline(engineer, ticket.id());
            boolean replied = timeline.stream().anyMatch(e -> e.kind() == TicketEvent.Kind.REPLY);
            boolean raised = timeline.stream().anyMatch(e -> e.kind() == TicketEvent.Kind.SEVERITY);
            assertThat(replied ^ raised).as("exactly the winning change is stored").isTrue();
            assertThat(after.severity()).isEqualTo(raised ? Severity.SEV2 : Severity.SEV3);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object attempt(Callable<Ticket> change) {
        try {
            return change.call();
        } catch (Exception e) {
            return e;
        }
    }

    private List<String> deadlines(Ticket ticket) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select clock || '/' || cycle || '/' || threshold from support_sla_deadline where ticket_id = ? and notified_at is null",
                String.class, ticket.id())));
    }

    private List<String> auditActions(Ticket ticket) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.queryForList(
                "select action from platform_audit_event where entity_type = 'support_ticket' and entity_id = ?",
                String.class, ticket.id().toString())));
    }

    static NewTicket sev(int severity, String product) {
        return new NewTicket(product, "3.4.3.0", severity, "Gateway returns 502 on POST", "Since the upgrade every POST fails.",
                "Kubernetes 1.30, 3 replicas");
    }

    static Instant chicago(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), Region.AMERICAS.zone()).toInstant();
    }
}
