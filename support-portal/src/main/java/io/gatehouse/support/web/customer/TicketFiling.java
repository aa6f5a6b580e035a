package io.gatehouse.support.web.customer;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;

/**
 * Files a ticket with its attachments in one transaction: a refused file leaves no ticket behind, so the
 * contact fixes the file and sends the form again without creating a duplicate.
 */
@Service
class TicketFiling {

    private final TicketDesk desk;

    TicketFiling(TicketDesk desk) {
        this.desk = desk;
    }

    @Transactional
    public Ticket file(SupportActor contact, TicketForm form, List<MultipartFile> files) {
        Ticket ticket = desk.open(contact, form.command());
        for (MultipartFile file : files) {
            attach(desk, contact, ticket, file);
        }
        return ticket;
    }

    /** Attaches one browser file; the desk's message about it is returned under the form's "files" field. */
    static void attach(TicketDesk desk, SupportActor actor, Ticket ticket, MultipartFile file) {
        String name = Uploads.filename(file);
        try {
            desk.attach(actor, ticket.id(), name, Uploads.contentType(file), Uploads.bytes(file));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage(), e.violations().stream()
                    .map(v -> new FieldViolation("files", name + ": " + v.message())).toList());
        }
    }
}
