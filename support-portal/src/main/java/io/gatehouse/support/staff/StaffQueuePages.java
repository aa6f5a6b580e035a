package io.gatehouse.support.staff;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.tickets.QueueFilter;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.SupportCallers;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketQueue;
import io.gatehouse.support.tickets.TicketStatus;

/**
 * The staff queue: every organization's active tickets, soonest breach first, with filters and bulk
 * assignment. One URL, two handlers: the filter form and the pager are plain GETs that htmx upgrades to swap
 * only the results; bulk assignment is a plain POST form around the table that redirects back.
 */
@Controller
@RequestMapping("/platform/support")
class StaffQueuePages {

    static final int PAGE_SIZE = 50;

    /** The queue's filters; empty means "any". {@code org} is an organization's slug. */
    record Filter(Integer severity, TicketStatus status, String product, String org, UUID assignee, Boolean breached,
            Integer page) {

        int pageNumber() {
            return page == null || page < 1 ? 1 : page;
        }

        /** The query string of these filters at another page. */
        String query(int atPage) {
            UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
            if (severity != null) uri.queryParam("severity", severity);
            if (status != null) uri.queryParam("status", status);
            if (product != null && !product.isBlank()) uri.queryParam("product", product);
            if (org != null && !org.isBlank()) uri.queryParam("org", org);
            if (assignee != null) uri.queryParam("assignee", assignee);
            if (breached != null) uri.queryParam("breached", breached);
            if (atPage > 1) uri.queryParam("page", atPage);
            return uri.build().encode().toUriString();
        }
    }

    private final TicketQueue queue;
    private final SupportCallers callers;
    private final StaffDirectory directory;
    private final ProductCatalog catalog;

    StaffQueuePages(TicketQueue queue, SupportCallers callers, StaffDirectory directory, ProductCatalog catalog) {
        this.queue = queue;
        this.callers = callers;
        this.directory = directory;
        this.catalog = catalog;
    }

    @GetMapping
    String home() {
        return "redirect:/platform/support/queue";
    }

    @GetMapping("/queue")
    String page(@ModelAttribute("filter") Filter filter, Model model) {
        load(filter, model);
        model.addAttribute("products", catalog.products());
        model.addAttribute("statuses", TicketStatus.values());
        model.addAttribute("staffPage", "queue");
        return "support/staff/queue";
    }

    @HxRequest
    @GetMapping("/queue")
    String results(@ModelAttribute("filter") Filter filter, Model model) {
        load(filter, model);
        return "support/staff/queue :: results";
    }

    /** Assigns the checked tickets to one engineer, then shows the same filtered queue again. */
    @PostMapping("/queue/assign")
    String assign(@RequestParam(required = false) List<UUID> ticketIds, @RequestParam(required = false) UUID assigneeId,
            @RequestParam(required = false, defaultValue = "") String returnQuery, RedirectAttributes redirect) {
        SupportActor actor = callers.staff();
        if (assigneeId == null) {
            throw InvalidInputException.field("assigneeId", "Choose the engineer to assign the tickets to.");
        }
        if (ticketIds == null || ticketIds.isEmpty()) {
            throw InvalidInputException.field("ticketIds", "Tick at least one ticket to assign.");
        }
        List<Ticket> assigned = queue.assign(actor, ticketIds, assigneeId);
        String name = directory.names(List.of(assigneeId)).getOrDefault(assigneeId, "the engineer");
        redirect.addFlashAttribute("notice", "Assigned " + assigned.size() + " ticket" + (assigned.size() == 1 ? "" : "s")
                + " to " + name + ".");
        String query = returnQuery.startsWith("?") ? returnQuery : "";
        return "redirect:/platform/support/queue" + query;
    }

    private void load(Filter filter, Model model) {
        SupportActor actor = callers.staff();
        UUID org = null;
        if (filter.org() != null && !filter.org().isBlank()) {
            org = directory.orgBySlug(filter.org()).map(StaffDirectory.Org::id)
                    .orElseThrow(() -> InvalidInputException.field("org", "No organization has the slug " + filter.org().strip() + "."));
        }
        if (filter.severity() != null && (filter.severity() < 1 || filter.severity() > 4)) {
            throw InvalidInputException.field("severity", "Choose a severity from 1 to 4.");
        }
        String product = filter.product() == null || filter.product().isBlank() ? null : filter.product();
        int page = filter.pageNumber();
        List<Ticket> found = queue.queue(actor, new QueueFilter(filter.severity(), filter.status(), product, org, filter.assignee(),
                filter.breached(), PAGE_SIZE + 1), (page - 1) * PAGE_SIZE);
        List<Ticket> tickets = found.size() > PAGE_SIZE ? found.subList(0, PAGE_SIZE) : found;
        Map<UUID, StaffDirectory.Org> orgs = directory.orgs(tickets.stream().map(t -> t.org().value()).toList());
        List<StaffDirectory.Engineer> engineers = directory.engineers();
        Map<UUID, String> assignees = directory.names(tickets.stream().map(Ticket::assigneeId).filter(Objects::nonNull).toList());
        model.addAttribute("tickets", tickets);
        model.addAttribute("orgs", orgs);
        model.addAttribute("engineers", engineers);
        model.addAttribute("assignees", assignees);
        model.addAttribute("page", page);
        model.addAttribute("returnQuery", filter.query(page));
        if (page > 1) {
            model.addAttribute("previousUrl", "/platform/support/queue" + filter.query(page - 1));
        }
        if (found.size() > PAGE_SIZE) {
            model.addAttribute("nextUrl", "/platform/support/queue" + filter.query(page + 1));
        }
    }
}
