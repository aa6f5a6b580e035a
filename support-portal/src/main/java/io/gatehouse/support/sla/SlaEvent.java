package io.gatehouse.support.sla;

import java.time.Instant;

/**
 * What happened to a ticket, as far as its SLA clocks care. A ticket's stored timeline is mapped to these
 * in order; the clocks are a pure function of them (and of "now"), so they survive restarts and can be
 * recomputed at any time.
 */
public sealed interface SlaEvent {

    Instant at();

    /** The ticket was created. */
    record Opened(Instant at, Severity severity) implements SlaEvent {
    }

    /** Staff posted a public reply (internal notes do not count). */
    record StaffReplied(Instant at) implements SlaEvent {
    }

    /** The customer posted a reply. */
    record CustomerReplied(Instant at) implements SlaEvent {
    }

    /** The ticket entered "waiting on customer": running clocks pause. */
    record WaitingOnCustomer(Instant at) implements SlaEvent {
    }

    /** The ticket left "waiting on customer" for "open": paused clocks resume. */
    record BackToOpen(Instant at) implements SlaEvent {
    }

    /** Staff changed the severity. */
    record SeverityChanged(Instant at, Severity severity) implements SlaEvent {
    }

    /** The ticket was resolved: every running clock stops. */
    record Resolved(Instant at) implements SlaEvent {
    }

    /** A resolved ticket was reopened: a new resolution cycle starts. */
    record Reopened(Instant at) implements SlaEvent {
    }

    /** The ticket was closed: every running clock stops. */
    record Closed(Instant at) implements SlaEvent {
    }
}
