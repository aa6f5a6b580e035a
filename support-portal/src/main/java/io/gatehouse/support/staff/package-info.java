/**
 * The support desk's staff pages in the console, under {@code /platform/support/…}: the queue across all
 * organizations, a ticket's workbench, the SLA alerts and the SLA report. The console's security chain only
 * lets platform staff reach {@code /platform/**} (anyone else gets a 404) and runs them in the platform
 * scope; every write goes through {@link io.gatehouse.support.tickets.TicketDesk}. This package holds page
 * controllers only (no {@code @ApiController}), so the console's error advice covers it whole.
 */
package io.gatehouse.support.staff;
