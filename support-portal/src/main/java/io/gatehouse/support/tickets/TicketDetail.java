package io.gatehouse.support.tickets;

import java.util.Map;

import io.gatehouse.support.catalog.VersionSupport;
import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.sla.SlaMetric;

/**
 * A ticket as the API shows it: the ticket, its SLA clocks now, the support status of its product version
 * ({@code null} when the version is not in the catalogue) and the criteria of its severity.
 */
public record TicketDetail(Ticket ticket, Map<SlaMetric, ClockView> clocks, VersionSupport versionSupport,
        String severityCriteria) {
}
