package io.gatehouse.support.tickets;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;

import io.gatehouse.support.calendar.BusinessCalendar;
import io.gatehouse.support.calendar.HolidayCalendars;
import io.gatehouse.support.sla.ClockCycle;
import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.sla.SlaClock;
import io.gatehouse.support.sla.SlaEvent;
import io.gatehouse.support.sla.SlaMetric;
import io.gatehouse.support.sla.SlaPolicies;
import io.gatehouse.support.sla.SlaTarget;
import io.gatehouse.support.sla.SlaTerms;

/**
 * A ticket's SLA clocks: computed by {@link SlaClock} from the stored timeline, and written down as
 * deadlines ({@code support_sla_deadline}) after every change so the scheduled scan is a set-based query
 * on precomputed instants. Also the auto-close pair of a waiting period: a warning after 4 and the close
 * after 5 business days of the region's calendar (whatever the coverage: it is the customer's silence
 * that is measured, in the customer's business days).
 */
@Component
public class TicketClocks {

    static final String BREACH = "BREACH";
    static final String AUTO_CLOSE = "AUTO_CLOSE";
    static final String AUTO_CLOSE_WARNING = "AUTO_CLOSE_WARNING";

    private final TicketStore store;
    private final SlaPolicies policies;
    private final HolidayCalendars calendars;
    private final Clock clock;

    TicketClocks(TicketStore store, SlaPolicies policies, HolidayCalendars calendars, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** The clocks of a ticket now. */
    public Map<SlaMetric, ClockView> clocks(Ticket ticket) {
        return evaluate(ticket, store.timeline(ticket.id()), clock.instant());
    }

    Map<SlaMetric, ClockView> evaluate(Ticket ticket, List<TicketEvent> timeline, Instant now) {
        SlaTerms terms = new SlaTerms(ticket.coverage(), ticket.product(), calendars.calendar(ticket.region()));
        return new SlaClock(policies.current()).evaluate(terms, slaEvents(timeline), now);
    }

    /** Recomputes the clocks from the timeline and rewrites the ticket's pending deadlines. */
    void refresh(Ticket ticket) {
        List<TicketEvent> timeline = store.timeline(ticket.id());
        Instant now = clock.instant();
        Map<SlaMetric, ClockView> clocks = evaluate(ticket, timeline, now);
        TicketStatus status = store.find(ticket.id()).map(Ticket::status).orElse(ticket.status());

        record Deadline(String clock, int cycle, String threshold, Instant dueAt) {
        }
        List<Deadline> deadlines = new ArrayList<>();
        Instant nextDue = null;
        boolean breached = false;
        for (ClockView view : clocks.values()) {
            breached |= view.cycles().stream().anyMatch(ClockCycle::breached);
            if (view.state() != ClockView.State.RUNNING) {
                continue;
            }
            int cycle = view.cycles().get(view.cycles().size() - 1).number();
            deadlines.add(new Deadline(view.metric().name(), cycle, BREACH, view.dueAt()));
            view.warningsAt().forEach((percent, at) -> deadlines.add(new Deadline(view.metric().name(), cycle, "WARN_" + percent, at)));
            nextDue = nextDue == null || view.dueAt().isBefore(nextDue) ? view.dueAt() : nextDue;
        }
        if (status == TicketStatus.WAITING_ON_CUSTOMER) {
            List<TicketEvent> waits = timeline.stream().filter(e -> e.kind() == TicketEvent.Kind.STATUS
                    && TicketStatus.WAITING_ON_CUSTOMER.name().equals(e.data().get("to"))).toList();
            Instant since = waits.get(waits.size() - 1).at();
            BusinessCalendar calendar = calendars.calendar(ticket.region());
            deadlines.add(new Deadline(AUTO_CLOSE, waits.size(), AUTO_CLOSE_WARNING, calendar.plus(since, SlaTarget.BUSINESS_DAY.multipliedBy(4))));
            deadlines.add(new Deadline(AUTO_CLOSE, waits.size(), AUTO_CLOSE, calendar.plus(since, SlaTarget.BUSINESS_DAY.multipliedBy(5))));
        }

        var jdbc = store.jdbc();
        List<String> keep = deadlines.stream().map(d -> d.clock() + "/" + d.cycle() + "/" + d.threshold()).toList();
        jdbc.sql("delete from support_sla_deadline where ticket_id = ? and notified_at is null"
                        + " and not (clock || '/' || cycle || '/' || threshold = any (?))")
                .params(ticket.id(), keep.toArray(String[]::new)).update();
        for (Deadline d : deadlines) {
            jdbc.sql("""
                    insert into support_sla_deadline (org_id, ticket_id, clock, cycle, threshold, due_at) values (?, ?, ?, ?, ?, ?)
                    on conflict (ticket_id, clock, cycle, threshold)
                    do update set due_at = excluded.due_at where support_sla_deadline.notified_at is null
                    """)
                    .params(ticket.org().value(), ticket.id(), d.clock(), d.cycle(), d.threshold(), Timestamp.from(d.dueAt()))
                    .update();
        }
        jdbc.sql("update support_ticket set next_due_at = ?, sla_breached = ? where id = ?")
                .params(nextDue == null ? null : Timestamp.from(nextDue), breached, ticket.id()).update();
    }

    /** The timeline as the SLA clock sees it. */
    static List<SlaEvent> slaEvents(List<TicketEvent> timeline) {
        List<SlaEvent> events = new ArrayList<>();
        for (TicketEvent e : timeline) {
            switch (e.kind()) {
                case CREATED -> events.add(new SlaEvent.Opened(e.at(), severity(e.data().get("severity"))));
                case REPLY -> events.add(e.staff() ? new SlaEvent.StaffReplied(e.at()) : new SlaEvent.CustomerReplied(e.at()));
                case SEVERITY -> events.add(new SlaEvent.SeverityChanged(e.at(), severity(e.data().get("to"))));
                case STATUS -> {
                    TicketStatus from = TicketStatus.valueOf(Objects.toString(e.data().get("from")));
                    TicketStatus to = TicketStatus.valueOf(Objects.toString(e.data().get("to")));
                    if (to == TicketStatus.WAITING_ON_CUSTOMER) {
                        events.add(new SlaEvent.WaitingOnCustomer(e.at()));
                    } else if (to == TicketStatus.RESOLVED) {
                        events.add(new SlaEvent.Resolved(e.at()));
                    } else if (to == TicketStatus.CLOSED) {
                        events.add(new SlaEvent.Closed(e.at()));
                    } else if (from == TicketStatus.RESOLVED && to == TicketStatus.OPEN) {
                        events.add(new SlaEvent.Reopened(e.at()));
                    } else if (from == TicketStatus.WAITING_ON_CUSTOMER && to == TicketStatus.OPEN) {
                        events.add(new SlaEvent.BackToOpen(e.at()));
                    }
                }
                default -> {
                }
            }
        }
        return events;
    }

    private static Severity severity(Object level) {
        return Severity.of(Integer.parseInt(Objects.toString(level)));
    }
}
