package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert the SLA scan raised, as the console lists it: a warning ({@code WARN_<percent>}), a {@code BREACH},
 * or an auto-close step, of one clock cycle of one ticket.
 */
public record SlaAlert(UUID ticketId, String reference, String subject, int severity, String clock, int cycle, String threshold,
        Instant dueAt, Instant raisedAt, Instant mailedAt) {
}
