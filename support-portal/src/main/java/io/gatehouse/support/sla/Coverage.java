package io.gatehouse.support.sla;

/** The support level of a subscription: when the vendor's SLA clocks run. */
public enum Coverage {
    /** Business hours of the customer's region (07:00–19:00 Mon–Fri, minus holidays). */
    BUSINESS_HOURS,
    /** 24x7x365 for the targets so defined (Sev 1/2); longer targets still count business days. */
    ALWAYS
}
