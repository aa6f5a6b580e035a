package io.gatehouse.support.tickets;

/**
 * One row of the SLA report: tickets created in a group (by severity, organization or month) and how many
 * of them had an SLA clock breached.
 */
public record SlaReportRow(String group, long tickets, long breached) {

    /** Share of tickets whose clocks all met their targets, 0–100. */
    public double metPercent() {
        return tickets == 0 ? 100.0 : Math.round(1000.0 * (tickets - breached) / tickets) / 10.0;
    }
}
