package io.gatehouse.support.web.customer;

import java.util.List;

import org.springframework.web.multipart.MultipartFile;

import io.gatehouse.support.tickets.NewTicket;

/** The "file a ticket" form as typed, with the chosen files; the desk validates it (field messages come back next to the fields). */
record TicketForm(String product, String productVersion, String severity, String subject, String description,
        String environment, List<MultipartFile> files) {

    static TicketForm empty() {
        return new TicketForm(null, null, null, "", "", "", List.of());
    }

    NewTicket command() {
        return new NewTicket(product, blankToNull(productVersion), level(), subject, description, blankToNull(environment));
    }

    /** The chosen level; anything but a number is no choice, which the desk reports next to the field. */
    private Integer level() {
        try {
            return severity == null ? null : Integer.valueOf(severity.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
