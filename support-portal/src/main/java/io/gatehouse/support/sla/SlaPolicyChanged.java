package io.gatehouse.support.sla;

/**
 * The SLA target matrix or the warning percentages changed (published in the editing transaction): the
 * deadlines already computed for every open ticket are out of date.
 */
public record SlaPolicyChanged(String what) {
}
