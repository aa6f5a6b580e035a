package io.gatehouse.support.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatehouse.support.calendar.BusinessCalendar;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.SlaEvent.BackToOpen;
import io.gatehouse.support.sla.SlaEvent.CustomerReplied;
import io.gatehouse.support.sla.SlaEvent.Opened;
import io.gatehouse.support.sla.SlaEvent.Reopened;
import io.gatehouse.support.sla.SlaEvent.Resolved;
import io.gatehouse.support.sla.SlaEvent.SeverityChanged;
import io.gatehouse.support.sla.SlaEvent.StaffReplied;
import io.gatehouse.support.sla.SlaEvent.WaitingOnCustomer;

/** The clocks replayed from events, in Chicago business hours (Thanksgiving 26 Nov 2026 is a holiday). */
class SlaClockTests {

    private static final BusinessCalendar CHICAGO = BusinessCalendar.forRegion(Region.AMERICAS,
            Set.of(java.time.LocalDate.of(2026, 11, 26)));
    private static final SlaTerms BUSINESS = new SlaTerms(Coverage.BUSINESS_HOURS, "gateway-enterprise", CHICAGO);
    private static final SlaTerms ALWAYS = new SlaTerms(Coverage.ALWAYS, "gateway-enterprise", CHICAGO);

    private final SlaClock clock = new SlaClock(SlaPolicy.defaults());

    @Test
    void initialResponseStopsAtTheFirstPublicStaffReply() {
        ClockView view = evaluate(BUSINESS, "2026-11-23T12:00",
                new Opened(at("2026-11-23T10:00"), Severity.SEV2), new StaffReplied(at("2026-11-23T13:59")))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.state()).isEqualTo(ClockView.State.STOPPED);
        assertThat(view.breached()).isFalse();
        assertThat(view.cycles()).singleElement().satisfies(cycle -> {
            assertThat(cycle.met()).isTrue();
            assertThat(cycle.dueAt()).isEqualTo(at("2026-11-23T14:00"));
            assertThat(cycle.elapsed()).isEqualTo(Duration.ofMinutes(239));
        });
    }

    @Test
    void aReplyExactlyAtTheDueInstantMeetsTheTarget() {
        ClockView view = evaluate(BUSINESS, "2026-11-23T15:00",
                new Opened(at("2026-11-23T10:00"), Severity.SEV2), new StaffReplied(at("2026-11-23T14:00")))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.cycles().get(0).met()).isTrue();
    }

    @Test
    void anUnansweredTicketIsBreachedOnceItsDueInstantHasPassed() {
        List<SlaEvent> events = List.of(new Opened(at("2026-11-23T10:00"), Severity.SEV2));

        ClockView atDue = clock.evaluate(BUSINESS, events, at("2026-11-23T14:00")).get(SlaMetric.INITIAL_RESPONSE);
        ClockView after = clock.evaluate(BUSINESS, events, at("2026-11-23T14:01")).get(SlaMetric.INITIAL_RESPONSE);

        assertThat(atDue.breached()).isFalse();
        assertThat(atDue.remaining()).isZero();
        assertThat(after.breached()).isTrue();
        assertThat(after.dueAt()).isEqualTo(at("2026-11-23T14:00"));
        assertThat(after.remaining()).isEqualTo(Duration.ofMinutes(-1));
        assertThat(after.state()).isEqualTo(ClockView.State.RUNNING);
    }

    @Test
    void aLateReplyStopsTheClockAsBreached() {
        ClockView view = evaluate(BUSINESS, "2026-11-24T09:00",
                new Opened(at("2026-11-23T10:00"), Severity.SEV1), new StaffReplied(at("2026-11-23T12:30")))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.breached()).isTrue();
        assertThat(view.cycles().get(0).breachedAt()).isEqualTo(at("2026-11-23T12:00"));
        assertThat(view.cycles().get(0).met()).isFalse();
    }

    @Test
    void waitingOnTheCustomerPausesEveryRunningClock() {
        // Sev3: 1 business day = 12 business hours. 1 h counted, paused a day, then 11 h more.
        List<SlaEvent> events = List.of(new Opened(at("2026-11-23T10:00"), Severity.SEV3),
                new WaitingOnCustomer(at("2026-11-23T11:00")));

        ClockView paused = clock.evaluate(BUSINESS, events, at("2026-11-24T10:00")).get(SlaMetric.INITIAL_RESPONSE);
        assertThat(paused.state()).isEqualTo(ClockView.State.PAUSED);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.dueAt()).isNull();
        assertThat(paused.remaining()).isEqualTo(Duration.ofHours(11));

        ClockView resumed = evaluate(BUSINESS, "2026-11-24T12:00", events.get(0), events.get(1),
                new BackToOpen(at("2026-11-24T11:00"))).get(SlaMetric.INITIAL_RESPONSE);
        assertThat(resumed.state()).isEqualTo(ClockView.State.RUNNING);
        assertThat(resumed.dueAt()).isEqualTo(at("2026-11-25T10:00"));
        assertThat(resumed.cycles().get(0).pauses()).containsExactly(
                new ClockCycle.Pause(at("2026-11-23T11:00"), at("2026-11-24T11:00")));
    }

    @Test
    void aBusinessDayTargetSkipsTheHoliday() {
        ClockView view = evaluate(BUSINESS, "2026-11-25T12:00", new Opened(at("2026-11-25T15:00"), Severity.SEV3))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.dueAt()).isEqualTo(at("2026-11-27T15:00"));
    }

    @Test
    void nextResponseRunsFromEachCustomerReplyToTheNextStaffReply() {
        Map<SlaMetric, ClockView> clocks = evaluate(BUSINESS, "2026-11-24T12:00",
                new Opened(at("2026-11-23T08:00"), Severity.SEV2),
                new StaffReplied(at("2026-11-23T09:00")),
                new CustomerReplied(at("2026-11-23T10:00")),
                new StaffReplied(at("2026-11-23T11:00")),
                new CustomerReplied(at("2026-11-23T17:00")));

        ClockView next = clocks.get(SlaMetric.NEXT_RESPONSE);
        assertThat(next.cycles()).hasSize(2);
        assertThat(next.cycles().get(0).met()).isTrue();
        assertThat(next.state()).isEqualTo(ClockView.State.RUNNING);
        assertThat(next.dueAt()).isEqualTo(at("2026-11-24T09:00")); // 2 h Monday evening + 2 h Tuesday
        assertThat(next.breached()).isTrue();
    }

    @Test
    void aCustomerReplyBeforeTheFirstStaffResponseDoesNotStartTheNextResponseClock() {
        ClockView next = evaluate(BUSINESS, "2026-11-23T12:00",
                new Opened(at("2026-11-23T08:00"), Severity.SEV2), new CustomerReplied(at("2026-11-23T09:00")))
                .get(SlaMetric.NEXT_RESPONSE);

        assertThat(next.state()).isEqualTo(ClockView.State.NOT_STARTED);
    }

    @Test
    void raisingTheSeverityMeasuresTheNewTargetFromTheOriginalStart() {
        // Sev3 opened 08:00; raised to Sev2 (4 business hours) at 09:00 → due 12:00, not 13:00.
        ClockView view = evaluate(BUSINESS, "2026-11-23T09:30",
                new Opened(at("2026-11-23T08:00"), Severity.SEV3), new SeverityChanged(at("2026-11-23T09:00"), Severity.SEV2))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.dueAt()).isEqualTo(at("2026-11-23T12:00"));
        assertThat(view.cycles().get(0).target()).isEqualTo(SlaTarget.businessHours(4));
        assertThat(view.breached()).isFalse();
    }

    @Test
    void raisingTheSeverityPastTheNewTargetBreachesAtTheMomentOfTheChange() {
        // Sev4 opened 08:00; after 3 business hours raised to Sev1 (2 business hours): breached at 11:00.
        ClockView view = evaluate(BUSINESS, "2026-11-23T11:05",
                new Opened(at("2026-11-23T08:00"), Severity.SEV4), new SeverityChanged(at("2026-11-23T11:00"), Severity.SEV1))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.breached()).isTrue();
        assertThat(view.cycles().get(0).breachedAt()).isEqualTo(at("2026-11-23T11:00"));
    }

    @Test
    void lateExhaustionIsNeverDatedBeforeTheChange() {
        // Sev3 opened Mon 17:00, 2 business hours counted by Mon 19:00; raised to Sev1 (2 h) on Tue 06:00,
        // before opening: the target is used up exactly, so the due instant is the change itself.
        ClockView view = evaluate(BUSINESS, "2026-11-24T06:30",
                new Opened(at("2026-11-23T17:00"), Severity.SEV3), new SeverityChanged(at("2026-11-24T06:00"), Severity.SEV1))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.dueAt()).isEqualTo(at("2026-11-24T06:00"));
        assertThat(view.breached()).isTrue();
        assertThat(view.cycles().get(0).breachedAt()).isEqualTo(at("2026-11-24T06:00"));
    }

    @Test
    void loweringTheSeverityAfterABreachKeepsTheBreach() {
        ClockView view = evaluate(BUSINESS, "2026-11-23T13:00",
                new Opened(at("2026-11-23T08:00"), Severity.SEV1), new SeverityChanged(at("2026-11-23T11:00"), Severity.SEV4))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.breached()).isTrue();
        assertThat(view.cycles().get(0).breachedAt()).isEqualTo(at("2026-11-23T10:00"));
        assertThat(view.cycles().get(0).target()).isEqualTo(SlaTarget.businessDays(2));
    }

    @Test
    void roundTheClockTargetsCountWeekendsAndSeverityChangesRemeasureInTheNewBasis() {
        // 24x7 coverage: Sev3 (1 business day) opened Saturday 10:00; raised to Sev1 (1 h round the clock)
        // at 10:30, so the 30 minutes already elapsed count and the response is due at 11:00 on Saturday.
        ClockView view = evaluate(ALWAYS, "2026-11-21T10:45",
                new Opened(at("2026-11-21T10:00"), Severity.SEV3), new SeverityChanged(at("2026-11-21T10:30"), Severity.SEV1))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.dueAt()).isEqualTo(at("2026-11-21T11:00"));
        assertThat(view.remaining()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void warningsAreAtTheConfiguredPercentageOfTheTarget() {
        ClockView view = evaluate(BUSINESS, "2026-11-23T10:30", new Opened(at("2026-11-23T10:00"), Severity.SEV2))
                .get(SlaMetric.INITIAL_RESPONSE);

        assertThat(view.warningsAt()).containsEntry(75, at("2026-11-23T13:00"));
    }

    @Test
    void reopeningStartsAFreshResolutionCycle() {
        ClockView resolution = evaluate(BUSINESS, "2026-11-30T08:00",
                new Opened(at("2026-11-23T08:00"), Severity.SEV2),
                new StaffReplied(at("2026-11-23T09:00")),
                new Resolved(at("2026-11-24T08:00")),
                new Reopened(at("2026-11-25T08:00")))
                .get(SlaMetric.RESOLUTION);

        assertThat(resolution.cycles()).hasSize(2);
        assertThat(resolution.cycles().get(0).met()).isTrue();
        assertThat(resolution.cycles().get(1).startedAt()).isEqualTo(at("2026-11-25T08:00"));
        // 5 business days = 60 business hours from Wed 08:00, skipping Thanksgiving and the weekend:
        // Wed 11 h, Fri 12, Mon 12, Tue 12, Wed 12, Thu 1.
        assertThat(resolution.dueAt()).isEqualTo(at("2026-12-03T08:00"));
    }

    @Test
    void theResultDependsOnlyOnTheEventsNotOnTheirDeliveryOrder() {
        SlaEvent opened = new Opened(at("2026-11-23T08:00"), Severity.SEV2);
        SlaEvent replied = new StaffReplied(at("2026-11-23T09:00"));

        assertThat(clock.evaluate(BUSINESS, List.of(replied, opened), at("2026-11-23T10:00")))
                .isEqualTo(clock.evaluate(BUSINESS, List.of(opened, replied), at("2026-11-23T10:00")));
    }

    private Map<SlaMetric, ClockView> evaluate(SlaTerms terms, String now, SlaEvent... events) {
        return clock.evaluate(terms, List.of(events), at(now));
    }

    private static Instant at(String chicagoLocal) {
        return ZonedDateTime.of(LocalDateTime.parse(chicagoLocal), Region.AMERICAS.zone()).toInstant();
    }
}
