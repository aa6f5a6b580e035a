package io.gatehouse.support.calendar;

/**
 * A region's holidays changed (published in the editing transaction): deadlines already computed for that
 * region's open tickets are out of date.
 */
public record CalendarChanged(Region region) {
}
