package io.gatehouse.support.sla;

/** What time a target counts. */
public enum TimeBasis {
    /** Business time of the subscription's region calendar. */
    BUSINESS,
    /** Round-the-clock time (the 24x7x365 calendar). */
    CONTINUOUS
}
