package io.gatehouse.support.tickets;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a ticket: NEW → OPEN → WAITING_ON_CUSTOMER ↔ OPEN → RESOLVED → CLOSED.
 * <p>
 * Reopen rules: a RESOLVED ticket reopens (to OPEN) when the customer replies or anyone reopens it; a
 * CLOSED ticket is final — the customer opens a new ticket instead (support policy §5: "Customer may at
 * any time add a new support ticket").
 */
public enum TicketStatus {
    NEW, OPEN, WAITING_ON_CUSTOMER, RESOLVED, CLOSED;

    /** States in which the desk still owes the customer something. */
    public static final Set<TicketStatus> ACTIVE = EnumSet.of(NEW, OPEN, WAITING_ON_CUSTOMER);

    /** Whether a person (staff or customer contact) may move a ticket from this state to {@code to}. */
    public boolean canMoveTo(TicketStatus to, boolean staff) {
        return switch (this) {
            case NEW -> to == OPEN && staff || to == WAITING_ON_CUSTOMER && staff || to == RESOLVED || to == CLOSED;
            case OPEN -> to == WAITING_ON_CUSTOMER && staff || to == RESOLVED || to == CLOSED;
            case WAITING_ON_CUSTOMER -> to == OPEN || to == RESOLVED || to == CLOSED;
            case RESOLVED -> to == OPEN || to == CLOSED;
            case CLOSED -> false;
        };
    }
}
