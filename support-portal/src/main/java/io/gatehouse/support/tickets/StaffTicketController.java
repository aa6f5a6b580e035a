package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;

/** The staff side: the cross-organization queue, working tickets, bulk assignment and the SLA report. */
@ApiController
@RequestMapping("/api/v1/support/staff")
class StaffTicketController {

    private final TicketDesk desk;
    private final TicketQueue queue;
    private final TicketViews views;
    private final SupportCallers callers;

    StaffTicketController(TicketDesk desk, TicketQueue queue, TicketViews views, SupportCallers callers) {
        this.desk = desk;
        this.queue = queue;
        this.views = views;
        this.callers = callers;
    }

    record StaffComment(String body, Boolean internal, Boolean waitForCustomer, Long expectedVersion) {
    }

    record SeverityChange(Integer severity, String reason, Long expectedVersion) {
    }

    record StatusChange(TicketStatus status, Long expectedVersion) {
    }

    record ContinuousEffort(Boolean on, Long expectedVersion) {
    }

    record BulkAssign(List<UUID> ticketIds, UUID assigneeId) {
    }

    @GetMapping("/queue")
    List<Ticket> queue(@RequestParam(required = false) Integer severity, @RequestParam(required = false) TicketStatus status,
            @RequestParam(required = false) String product, @RequestParam(required = false) UUID org,
            @RequestParam(required = false) UUID assignee, @RequestParam(required = false) Boolean breached,
            @RequestParam(required = false) Integer limit) {
        return queue.queue(callers.staff(), new QueueFilter(severity, status, product, org, assignee, breached, limit));
    }

    @GetMapping("/alerts")
    List<SlaAlert> alerts(@RequestParam(required = false) Integer limit) {
        return queue.alerts(callers.staff(), limit);
    }

    @GetMapping("/tickets/{id}")
    TicketDetail get(@PathVariable UUID id) {
        SupportActor actor = callers.staff();
        return views.detail(actor, desk.get(actor, id));
    }

    @GetMapping("/tickets/{id}/timeline")
    List<TicketEvent> timeline(@PathVariable UUID id) {
        return desk.timeline(callers.staff(), id);
    }

    @PostMapping("/tickets/{id}/comments")
    TicketDetail comment(@PathVariable UUID id, @RequestBody StaffComment comment) {
        SupportActor actor = callers.staff();
        Ticket ticket = Boolean.TRUE.equals(comment.internal()) ? desk.note(actor, id, comment.body())
                : desk.reply(actor, id, comment.body(), comment.expectedVersion(), Boolean.TRUE.equals(comment.waitForCustomer()));
        return views.detail(actor, ticket);
    }

    @PostMapping("/tickets/{id}/severity")
    TicketDetail severity(@PathVariable UUID id, @RequestBody SeverityChange change) {
        SupportActor actor = callers.staff();
        return views.detail(actor, desk.changeSeverity(actor, id, change.severity(), change.reason(), change.expectedVersion()));
    }

    @PostMapping("/tickets/{id}/status")
    TicketDetail status(@PathVariable UUID id, @RequestBody StatusChange change) {
        SupportActor actor = callers.staff();
        return views.detail(actor, desk.changeStatus(actor, id, change.status(), change.expectedVersion()));
    }

    @PostMapping("/tickets/{id}/continuous-effort")
    TicketDetail continuousEffort(@PathVariable UUID id, @RequestBody ContinuousEffort change) {
        SupportActor actor = callers.staff();
        if (change.on() == null) {
            throw InvalidInputException.field("on", "Say whether continuous effort is on (true) or off (false).");
        }
        return views.detail(actor, desk.setContinuousEffort(actor, id, change.on(), change.expectedVersion()));
    }

    @GetMapping("/tickets/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        return TicketViews.file(desk.download(callers.staff(), id, attachmentId));
    }

    @PostMapping("/tickets/assign")
    List<Ticket> assign(@RequestBody BulkAssign request) {
        return queue.assign(callers.staff(), request.ticketIds(), request.assigneeId());
    }

    @GetMapping("/report")
    List<SlaReportRow> report(@RequestParam String groupBy, @RequestParam Instant from, @RequestParam Instant to) {
        return queue.report(callers.staff(), groupBy, from, to);
    }
}
