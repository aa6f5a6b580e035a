package io.gatehouse.support.tickets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;

/**
 * The customer side of the desk, scoped to the caller's organization (a token bound to it, or the org in the
 * path): another organization's ticket is a 404.
 */
@ApiController
@RequestMapping({"/api/v1/support/tickets", "/api/v1/organizations/{org}/support/tickets"})
class TicketController {

    private final TicketDesk desk;
    private final TicketViews views;
    private final SupportCallers callers;

    TicketController(TicketDesk desk, TicketViews views, SupportCallers callers) {
        this.desk = desk;
        this.views = views;
        this.callers = callers;
    }

    record Comment(String body, Long expectedVersion) {
    }

    record StatusChange(TicketStatus status, Long expectedVersion) {
    }

    @GetMapping
    List<Ticket> list() {
        return desk.ofMyOrganization(callers.customer());
    }

    @PostMapping
    ResponseEntity<TicketDetail> open(@RequestBody NewTicket request) {
        SupportActor actor = callers.customer();
        Ticket ticket = desk.open(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/support/tickets/" + ticket.id())).body(views.detail(actor, ticket));
    }

    @GetMapping("/{id}")
    TicketDetail get(@PathVariable UUID id) {
        SupportActor actor = callers.customer();
        return views.detail(actor, desk.get(actor, id));
    }

    @GetMapping("/{id}/timeline")
    List<TicketEvent> timeline(@PathVariable UUID id) {
        return desk.timeline(callers.customer(), id);
    }

    @PostMapping("/{id}/comments")
    TicketDetail comment(@PathVariable UUID id, @RequestBody Comment comment) {
        SupportActor actor = callers.customer();
        return views.detail(actor, desk.reply(actor, id, comment.body(), comment.expectedVersion(), false));
    }

    @PostMapping("/{id}/status")
    TicketDetail status(@PathVariable UUID id, @RequestBody StatusChange change) {
        SupportActor actor = callers.customer();
        return views.detail(actor, desk.changeStatus(actor, id, change.status(), change.expectedVersion()));
    }

    @GetMapping("/{id}/attachments")
    List<Attachment> attachments(@PathVariable UUID id) {
        return desk.attachments(callers.customer(), id);
    }

    /** Uploads the request body as a file: {@code POST …/attachments?filename=gateway.log} with its Content-Type. */
    @PostMapping("/{id}/attachments")
    ResponseEntity<Attachment> upload(@PathVariable UUID id, @RequestParam String filename,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) throws IOException {
        Attachment attachment = desk.attach(callers.customer(), id, filename, contentType, read(body));
        return ResponseEntity.created(URI.create("/api/v1/support/tickets/" + id + "/attachments/" + attachment.id())).body(attachment);
    }

    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        return TicketViews.file(desk.download(callers.customer(), id, attachmentId));
    }

    static byte[] read(InputStream body) throws IOException {
        byte[] content = body.readNBytes(AttachmentRules.MAX_BYTES + 1);
        if (content.length > AttachmentRules.MAX_BYTES) {
            throw InvalidInputException.field("content", "Attachments are limited to " + AttachmentRules.MAX_BYTES / (1024 * 1024) + " MB.");
        }
        return content;
    }
}
