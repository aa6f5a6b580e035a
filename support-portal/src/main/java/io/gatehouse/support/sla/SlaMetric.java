package io.gatehouse.support.sla;

/** The clocks kept for every ticket. */
public enum SlaMetric {
    /** From ticket creation to the first public reply by staff (the policy's response SLA). */
    INITIAL_RESPONSE,
    /** From a customer reply (after the first staff response) to the next public reply by staff. */
    NEXT_RESPONSE,
    /** From creation (or a reopen) until the ticket is resolved. */
    RESOLUTION
}
