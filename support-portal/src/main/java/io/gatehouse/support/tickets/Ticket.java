package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.sla.Severity;

/**
 * A support ticket as stored. {@code version} is the optimistic-locking version a client sends back with
 * a change; {@code nextDueAt} is the earliest due time of its running SLA clocks (derived, for the queue).
 */
public record Ticket(UUID id, OrgId org, long number, String product, String productVersion, Severity severity,
        String subject, String description, String environment, TicketStatus status, Coverage coverage, Region region,
        UUID requesterId, UUID assigneeId, boolean continuousEffort, Instant nextDueAt, boolean slaBreached,
        Instant createdAt, Instant updatedAt, long version) {

    /** The reference used in mail subjects and the UI, e.g. {@code GH-1042}. */
    public String reference() {
        return "GH-" + number;
    }
}
