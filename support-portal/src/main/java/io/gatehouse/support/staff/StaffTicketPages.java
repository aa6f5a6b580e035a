package io.gatehouse.support.staff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.tickets.Attachment;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.SupportCallers;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import io.gatehouse.support.tickets.TicketEvent;
import io.gatehouse.support.tickets.TicketStatus;

/**
 * A ticket's staff workbench at {@code /platform/support/tickets/{number}}: header, SLA clocks with their
 * cycles, the full timeline (public replies and internal notes told apart) and one plain POST form per
 * action. A change that succeeds redirects back to the ticket; one the desk rejects re-renders the page
 * with 400 and the message next to its field, keeping what was typed. Every change carries the ticket
 * version the page was rendered with, so an engineer who changes a ticket someone else changed meanwhile
 * gets the desk's 409 "reload" message instead of overwriting it.
 */
@Controller
@RequestMapping("/platform/support/tickets/{number}")
class StaffTicketPages {

    private final TicketDesk desk;
    private final SupportCallers callers;
    private final StaffDirectory directory;
    private final ProductCatalog catalog;

    StaffTicketPages(TicketDesk desk, SupportCallers callers, StaffDirectory directory, ProductCatalog catalog) {
        this.desk = desk;
        this.callers = callers;
        this.directory = directory;
        this.catalog = catalog;
    }

    /** One timeline entry as the page shows it: what happened, in words, besides the body. */
    record Entry(TicketEvent event, String summary) {
        public boolean internal() {
            return !event.visibleToCustomer();
        }
    }

    @GetMapping
    ModelAndView page(@PathVariable long number) {
        return render(number, Map.of(), Map.of(), HttpStatus.OK);
    }

    @PostMapping("/reply")
    ModelAndView reply(@PathVariable long number, @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "false") boolean waitForCustomer, @RequestParam(required = false) Long version,
            RedirectAttributes redirect) {
        return act(number, Map.of("replyBody", body), redirect, "Reply sent to the customer.",
                (actor, ticket) -> desk.reply(actor, ticket.id(), body, version, waitForCustomer));
    }

    @PostMapping("/note")
    ModelAndView note(@PathVariable long number, @RequestParam(defaultValue = "") String body, RedirectAttributes redirect) {
        return act(number, Map.of("noteBody", body), redirect, "Internal note added.",
                (actor, ticket) -> desk.note(actor, ticket.id(), body));
    }

    @PostMapping("/status")
    ModelAndView status(@PathVariable long number, @RequestParam(required = false) TicketStatus status,
            @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return act(number, Map.of(), redirect, "Status changed to " + (status == null ? "" : label(status)) + ".",
                (actor, ticket) -> desk.changeStatus(actor, ticket.id(), status, version));
    }

    @PostMapping("/severity")
    ModelAndView severity(@PathVariable long number, @RequestParam(required = false) Integer severity,
            @RequestParam(defaultValue = "") String reason, @RequestParam(required = false) Long version,
            RedirectAttributes redirect) {
        return act(number, Map.of("severityReason", reason, "severityLevel", severity == null ? "" : severity.toString()),
                redirect, "Severity changed to " + severity + ".",
                (actor, ticket) -> desk.changeSeverity(actor, ticket.id(), severity, reason, version));
    }

    @PostMapping("/assign")
    ModelAndView assign(@PathVariable long number, @RequestParam(required = false) UUID assigneeId,
            @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        return act(number, Map.of(), redirect, assigneeId == null ? "Ticket unassigned." : "Ticket assigned.",
                (actor, ticket) -> desk.assign(actor, ticket.id(), assigneeId, version));
    }

    @PostMapping("/continuous-effort")
    ModelAndView continuousEffort(@PathVariable long number, @RequestParam boolean on, @RequestParam(required = false) Long version,
            RedirectAttributes redirect) {
        return act(number, Map.of(), redirect, "Continuous effort " + (on ? "on." : "off."),
                (actor, ticket) -> desk.setContinuousEffort(actor, ticket.id(), on, version));
    }

    @GetMapping("/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable long number, @PathVariable UUID attachmentId) {
        SupportActor actor = callers.staff();
        Ticket ticket = desk.getByNumber(actor, number);
        Attachment attachment = desk.download(actor, ticket.id(), attachmentId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(attachment.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(attachment.filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(attachment.content());
    }

    @FunctionalInterface
    private interface Action {
        Ticket apply(SupportActor actor, Ticket ticket);
    }

    private ModelAndView act(long number, Map<String, String> typed, RedirectAttributes redirect, String notice, Action action) {
        SupportActor actor = callers.staff();
        Ticket ticket = desk.getByNumber(actor, number);
        try {
            action.apply(actor, ticket);
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldViolation violation : e.violations()) {
                errors.merge(violation.field(), violation.message(), (a, b) -> a + "; " + b);
            }
            return render(number, errors, typed, HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("notice", notice);
        return new ModelAndView("redirect:/platform/support/tickets/" + number);
    }

    private ModelAndView render(long number, Map<String, String> errors, Map<String, String> typed, HttpStatus status) {
        SupportActor actor = callers.staff();
        Ticket ticket = desk.getByNumber(actor, number);
        List<TicketEvent> timeline = desk.timeline(actor, ticket.id());
        Set<UUID> people = new HashSet<>();
        people.add(ticket.requesterId());
        if (ticket.assigneeId() != null) people.add(ticket.assigneeId());
        timeline.stream().map(e -> e.data().get("to")).filter(Objects::nonNull).map(Object::toString)
                .filter(v -> v.length() == 36).forEach(v -> people.add(UUID.fromString(v)));
        Map<UUID, String> names = directory.names(people);

        ModelAndView page = new ModelAndView("support/staff/ticket", status);
        page.addObject("ticket", ticket);
        page.addObject("org", directory.orgs(List.of(ticket.org().value())).get(ticket.org().value()));
        page.addObject("names", names);
        page.addObject("clocks", desk.clocks(actor, ticket.id()));
        page.addObject("versionSupport", ticket.productVersion() == null ? null
                : catalog.support(ticket.product(), ticket.productVersion()).orElse(null));
        page.addObject("product", catalog.find(ticket.product()).orElse(null));
        page.addObject("timeline", timeline.stream().map(e -> new Entry(e, summary(e, names))).toList());
        page.addObject("attachments", desk.attachments(actor, ticket.id()));
        page.addObject("engineers", directory.engineers());
        page.addObject("severities", Severity.values());
        page.addObject("nextStatuses", java.util.Arrays.stream(TicketStatus.values())
                .filter(s -> s != ticket.status() && ticket.status().canMoveTo(s, true)).toList());
        page.addObject("errors", errors);
        page.addObject("typed", typed);
        page.addObject("staffPage", "queue");
        return page;
    }

    private static String summary(TicketEvent event, Map<UUID, String> names) {
        Map<String, Object> data = event.data();
        return switch (event.kind()) {
            case CREATED -> "opened the ticket (severity " + data.get("severity") + ")";
            case REPLY -> event.staff() ? "replied publicly" : "replied";
            case NOTE -> "added an internal note";
            case STATUS -> "changed the status from " + label(data.get("from")) + " to " + label(data.get("to"))
                    + (data.get("reason") == null ? "" : " (" + data.get("reason") + ")");
            case SEVERITY -> "changed the severity from " + data.get("from") + " to " + data.get("to");
            case ASSIGNED -> data.get("to") == null ? "unassigned the ticket"
                    : "assigned the ticket to " + names.getOrDefault(UUID.fromString(data.get("to").toString()), "an engineer");
            case FOLLOWER_ADDED -> "added a follower";
            case FOLLOWER_REMOVED -> "removed a follower";
            case CONTINUOUS_EFFORT -> "turned continuous effort " + (Boolean.TRUE.equals(data.get("on")) ? "on" : "off");
            case ATTACHMENT -> "attached " + data.get("filename");
            case AUTO_CLOSE_WARNING -> "warned the customer of the coming auto-close";
        };
    }

    static String label(Object status) {
        return status == null ? "" : status.toString().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
