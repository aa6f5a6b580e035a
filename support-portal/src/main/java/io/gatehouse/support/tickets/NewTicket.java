package io.gatehouse.support.tickets;

/** What a customer contact fills in to file a ticket. Severity is 1–4; Insomnia products allow 3 or 4 only. */
public record NewTicket(String product, String productVersion, Integer severity, String subject, String description,
        String environment) {
}
