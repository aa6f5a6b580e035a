package io.gatehouse.support.web.customer;

import io.gatehouse.support.catalog.VersionSupport;
import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.tickets.Ticket;

/**
 * A line of the ticket list: the ticket, the clock that matters most now (the running one due first, else a
 * paused one; {@code null} once every clock stopped) and its version's support ({@code null} if not catalogued).
 */
record TicketRow(Ticket ticket, ClockView clock, VersionSupport versionSupport) {
}
