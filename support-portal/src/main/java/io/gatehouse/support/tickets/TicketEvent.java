package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a ticket's timeline. Every change is one (or, for a reply that also changes the state,
 * two) events; customers see the public ones, staff see all. The SLA clocks are computed from these.
 */
public record TicketEvent(int seq, Instant at, Kind kind, UUID actorId, String actorName, boolean staff, boolean visibleToCustomer,
        String body, Map<String, Object> data) {

    public enum Kind {
        CREATED, REPLY, NOTE, STATUS, SEVERITY, ASSIGNED, FOLLOWER_ADDED, FOLLOWER_REMOVED, CONTINUOUS_EFFORT,
        ATTACHMENT, AUTO_CLOSE_WARNING
    }
}
