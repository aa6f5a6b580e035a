package io.gatehouse.support.sla;

import java.util.Objects;

import io.gatehouse.support.calendar.BusinessCalendar;

/**
 * What a ticket's clocks are measured against: the subscription's coverage, the ticket's product and the
 * business calendar of the subscription's region.
 */
public record SlaTerms(Coverage coverage, String product, BusinessCalendar regionCalendar) {

    public SlaTerms {
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(regionCalendar, "regionCalendar");
    }

    BusinessCalendar calendarFor(SlaTarget target) {
        return target.basis() == TimeBasis.CONTINUOUS ? BusinessCalendar.alwaysOpen() : regionCalendar;
    }
}
