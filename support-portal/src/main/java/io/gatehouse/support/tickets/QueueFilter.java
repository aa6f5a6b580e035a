package io.gatehouse.support.tickets;

import java.util.UUID;

/**
 * Filters of the staff queue; {@code null} means "any". {@code statuses} defaults to the active ones.
 *
 * @param breached {@code true}: only tickets with a breached clock; {@code false}: only those without
 */
public record QueueFilter(Integer severity, TicketStatus status, String product, UUID org, UUID assignee, Boolean breached,
        Integer limit) {

    public static QueueFilter all() {
        return new QueueFilter(null, null, null, null, null, null, null);
    }
}
