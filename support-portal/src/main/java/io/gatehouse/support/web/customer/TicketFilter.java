package io.gatehouse.support.web.customer;

import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketStatus;

/**
 * The filters of the ticket list, all optional: status (or "open" for every state the desk still owes
 * something in), severity, product, and breached only.
 */
record TicketFilter(TicketStatus status, Boolean open, Integer severity, String product, Boolean breached) {

    boolean matches(Ticket ticket) {
        return (status == null || ticket.status() == status)
                && (!Boolean.TRUE.equals(open) || TicketStatus.ACTIVE.contains(ticket.status()))
                && (severity == null || ticket.severity().level() == severity)
                && (product == null || product.isBlank() || product.equals(ticket.product()))
                && (!Boolean.TRUE.equals(breached) || ticket.slaBreached());
    }
}
