package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * Published after every change of a ticket (inside its transaction; listeners that send mail use
 * {@code @TransactionalEventListener} so nothing goes out for a change that rolled back).
 */
public record TicketChanged(UUID ticketId, OrgId org, TicketEvent.Kind kind, SupportActor actor, boolean visibleToCustomer,
        Instant at) {
}
