package io.gatehouse.support.web.customer;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.catalog.Product;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.catalog.ProductVersion;
import io.gatehouse.support.catalog.VersionSupport;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.sla.ClockView;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.sla.SlaMetric;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;
import io.gatehouse.support.tickets.Attachment;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.SupportCallers;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import io.gatehouse.support.tickets.TicketStatus;
import io.gatehouse.support.web.PageForms;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The customer's support pages in the console, under {@code /orgs/{slug}/support}: the organization's tickets
 * with their SLA countdown, filing a ticket (designated contacts only), and a ticket's thread with replies,
 * attachments and the status changes a customer may make. Every member may read; the desk decides who may
 * file. Tickets are addressed by their number ({@code GH-42} is {@code /tickets/42}); another organization's
 * ticket is a 404, because the desk looks it up in this organization only.
 */
@Controller
@RequestMapping("/orgs/{slug}/support")
class CustomerTicketPages {

    /** The most tickets one list shows (newest first); filters narrow it down. */
    static final int LIST_LIMIT = 200;

    private final TicketDesk desk;
    private final TicketFiling filing;
    private final SupportCallers callers;
    private final CustomerContacts contacts;
    private final SupportSubscriptions subscriptions;
    private final ProductCatalog catalog;

    CustomerTicketPages(TicketDesk desk, TicketFiling filing, SupportCallers callers, CustomerContacts contacts,
            SupportSubscriptions subscriptions, ProductCatalog catalog) {
        this.desk = desk;
        this.filing = filing;
        this.callers = callers;
        this.contacts = contacts;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    @GetMapping
    String home(@PathVariable String slug) {
        return "redirect:/orgs/" + slug + "/support/tickets";
    }

    // --- the list ---

    @GetMapping("/tickets")
    String tickets(@PathVariable String slug, @ModelAttribute("filter") TicketFilter filter, Model model) {
        listModel(slug, filter, model);
        return "support/customer/tickets";
    }

    @HxRequest
    @GetMapping("/tickets")
    String ticketRows(@PathVariable String slug, @ModelAttribute("filter") TicketFilter filter, Model model) {
        listModel(slug, filter, model);
        return "support/customer/tickets :: results";
    }

    private void listModel(String slug, TicketFilter filter, Model model) {
        SupportActor actor = callers.customer();
        List<Ticket> matching = desk.ofMyOrganization(actor).stream().filter(filter::matches).toList();
        Map<String, Optional<VersionSupport>> supports = new HashMap<>();
        List<TicketRow> rows = matching.stream().limit(LIST_LIMIT).map(ticket -> new TicketRow(ticket,
                TicketStatus.ACTIVE.contains(ticket.status()) ? headline(desk.clocks(actor, ticket.id())) : null,
                versionSupport(ticket, supports))).toList();
        model.addAttribute("slug", slug);
        model.addAttribute("rows", rows);
        model.addAttribute("total", matching.size());
        model.addAttribute("limit", LIST_LIMIT);
        model.addAttribute("statuses", TicketStatus.values());
        model.addAttribute("products", catalog.products());
        model.addAttribute("canFile", filer(actor).isEmpty());
    }

    /** The clock a list shows: the running one due first, else a paused one. */
    private static ClockView headline(Map<SlaMetric, ClockView> clocks) {
        return clocks.values().stream().filter(c -> c.state() == ClockView.State.RUNNING && c.dueAt() != null)
                .min(Comparator.comparing(ClockView::dueAt))
                .or(() -> clocks.values().stream().filter(ClockView::paused).findFirst())
                .orElse(null);
    }

    private VersionSupport versionSupport(Ticket ticket, Map<String, Optional<VersionSupport>> cache) {
        if (ticket.productVersion() == null) {
            return null;
        }
        return cache.computeIfAbsent(ticket.product() + "\n" + ticket.productVersion(),
                key -> catalog.support(ticket.product(), ticket.productVersion())).orElse(null);
    }

    // --- filing ---

    @GetMapping("/tickets/new")
    String newTicket(@PathVariable String slug, Model model, HttpServletResponse response) {
        SupportActor actor = callers.customer();
        model.addAttribute("ticket", TicketForm.empty());
        return formPage(slug, actor, model, response);
    }

    @PostMapping("/tickets")
    String file(@PathVariable String slug, @ModelAttribute("ticket") TicketForm form, BindingResult result, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        SupportActor actor = callers.customer();
        // Who may not file is told so (403), whatever the form holds.
        filer(actor).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
        if (!result.hasErrors()) {
            checkVersion(form, result);
        }
        if (!result.hasErrors()) {
            try {
                Ticket ticket = filing.file(actor, form, Uploads.chosen(form.files()));
                redirect.addFlashAttribute("filed", ticket.reference());
                return "redirect:/orgs/" + slug + "/support/tickets/" + ticket.number();
            } catch (InvalidInputException e) {
                PageForms.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return formPage(slug, actor, model, response);
    }

    /** A version, when given, must be one of the chosen product's versions in the catalogue. */
    private void checkVersion(TicketForm form, BindingResult result) {
        if (form.productVersion() == null || form.productVersion().isBlank() || form.product() == null) {
            return;
        }
        Optional<Product> product = catalog.find(form.product());
        if (product.isPresent() && catalog.versions(form.product()).stream()
                .noneMatch(v -> v.name().equals(form.productVersion().strip()))) {
            result.rejectValue("productVersion", "invalid", "Choose a version of " + product.get().name()
                    + " from the list, or \"Not listed\".");
        }
    }

    private String formPage(String slug, SupportActor actor, Model model, HttpServletResponse response) {
        model.addAttribute("slug", slug);
        Optional<String> refusal = filer(actor);
        model.addAttribute("refusal", refusal.orElse(null));
        Optional<Subscription> subscription = subscriptions.find(actor.org());
        List<Product> products = catalog.products().stream()
                .filter(p -> subscription.map(s -> s.entitles(p.code())).orElse(false)).toList();
        Map<Product, List<ProductVersion>> versions = new LinkedHashMap<>();
        products.forEach(p -> versions.put(p, catalog.versions(p.code())));
        model.addAttribute("subscription", subscription.orElse(null));
        model.addAttribute("products", products);
        model.addAttribute("versions", versions);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("restricted", products.stream().filter(p -> p.mostUrgentSeverity().level() > 1).toList());
        model.addAttribute("uploadHint", Uploads.HINT);
        if (refusal.isPresent()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        }
        return "support/customer/new-ticket";
    }

    /** Why this person may not file a ticket, if they may not (not a contact, or training required). */
    private Optional<String> filer(SupportActor actor) {
        try {
            contacts.requireFiler(actor.org(), actor.userId());
            return Optional.empty();
        } catch (ForbiddenException e) {
            return Optional.of(e.getMessage());
        }
    }

    // --- one ticket ---

    record ReplyForm(String body, Long expectedVersion) {
    }

    @GetMapping("/tickets/{number}")
    String ticket(@PathVariable String slug, @PathVariable long number, Model model) {
        SupportActor actor = callers.customer();
        Ticket ticket = desk.getByNumber(actor, number);
        model.addAttribute("reply", new ReplyForm("", ticket.version()));
        return ticketPage(slug, actor, ticket, model);
    }

    @PostMapping("/tickets/{number}/replies")
    String reply(@PathVariable String slug, @PathVariable long number, @ModelAttribute("reply") ReplyForm form,
            BindingResult result, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        SupportActor actor = callers.customer();
        Ticket ticket = desk.getByNumber(actor, number);
        try {
            desk.reply(actor, ticket.id(), form.body(), form.expectedVersion(), false);
            redirect.addFlashAttribute("done", "Your reply was added.");
            return "redirect:/orgs/" + slug + "/support/tickets/" + number;
        } catch (InvalidInputException e) {
            PageForms.reject(result, e);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            conflict(model, response, e);
        }
        // The reply stays in the form; the page shows the ticket as it is now.
        return ticketPage(slug, actor, desk.get(actor, ticket.id()), model);
    }

    @PostMapping("/tickets/{number}/status")
    String status(@PathVariable String slug, @PathVariable long number, @RequestParam TicketStatus status,
            @RequestParam(required = false) Long expectedVersion, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        SupportActor actor = callers.customer();
        Ticket ticket = desk.getByNumber(actor, number);
        try {
            Ticket changed = desk.changeStatus(actor, ticket.id(), status, expectedVersion);
            redirect.addFlashAttribute("done", ticket.reference() + " is now " + words(changed.status()) + ".");
            return "redirect:/orgs/" + slug + "/support/tickets/" + number;
        } catch (ConflictException e) {
            conflict(model, response, e);
        }
        Ticket now = desk.get(actor, ticket.id());
        model.addAttribute("reply", new ReplyForm("", now.version()));
        return ticketPage(slug, actor, now, model);
    }

    @PostMapping("/tickets/{number}/attachments")
    String attach(@PathVariable String slug, @PathVariable long number,
            @RequestParam(name = "files", required = false) List<MultipartFile> files, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        SupportActor actor = callers.customer();
        Ticket ticket = desk.getByNumber(actor, number);
        List<MultipartFile> chosen = Uploads.chosen(files);
        BindingResult upload = new BeanPropertyBindingResult(new UploadForm(), "upload");
        if (chosen.isEmpty()) {
            upload.rejectValue("files", "required", "Choose a file to attach.");
        }
        for (MultipartFile file : chosen) {
            try {
                TicketFiling.attach(desk, actor, ticket, file);
            } catch (InvalidInputException e) {
                PageForms.reject(upload, e);
            } catch (ConflictException e) {
                conflict(model, response, e);
                break;
            }
        }
        if (!upload.hasErrors() && !model.containsAttribute("conflict")) {
            redirect.addFlashAttribute("done", chosen.size() == 1 ? "The file was attached." : chosen.size() + " files were attached.");
            return "redirect:/orgs/" + slug + "/support/tickets/" + number;
        }
        if (upload.hasErrors()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("upload", upload.getTarget());
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "upload", upload);
        Ticket now = desk.get(actor, ticket.id());
        model.addAttribute("reply", new ReplyForm("", now.version()));
        return ticketPage(slug, actor, now, model);
    }

    /** The upload form's one field, for its field messages. */
    static final class UploadForm {
        private List<MultipartFile> files = List.of();

        public List<MultipartFile> getFiles() {
            return files;
        }

        public void setFiles(List<MultipartFile> files) {
            this.files = files;
        }
    }

    @GetMapping("/tickets/{number}/attachments/{attachmentId}")
    ResponseEntity<byte[]> download(@PathVariable long number, @PathVariable UUID attachmentId) {
        SupportActor actor = callers.customer();
        Attachment file = desk.download(actor, desk.getByNumber(actor, number).id(), attachmentId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.content());
    }

    private String ticketPage(String slug, SupportActor actor, Ticket ticket, Model model) {
        Map<SlaMetric, ClockView> clocks = new EnumMap<>(SlaMetric.class);
        clocks.putAll(desk.clocks(actor, ticket.id()));
        model.addAttribute("slug", slug);
        model.addAttribute("t", ticket);
        model.addAttribute("clocks", clocks.values());
        model.addAttribute("versionSupport", ticket.productVersion() == null ? null
                : catalog.support(ticket.product(), ticket.productVersion()).orElse(null));
        model.addAttribute("productName", catalog.find(ticket.product()).map(Product::name).orElse(ticket.product()));
        model.addAttribute("timeline", desk.timeline(actor, ticket.id()));
        model.addAttribute("attachments", desk.attachments(actor, ticket.id()));
        model.addAttribute("actions", List.of(TicketStatus.RESOLVED, TicketStatus.OPEN, TicketStatus.CLOSED).stream()
                .filter(to -> ticket.status() != to && ticket.status().canMoveTo(to, false)).toList());
        model.addAttribute("uploadHint", Uploads.HINT);
        if (!model.containsAttribute("upload")) {
            model.addAttribute("upload", new UploadForm());
        }
        return "support/customer/ticket";
    }

    private static void conflict(Model model, HttpServletResponse response, ConflictException e) {
        response.setStatus(HttpStatus.CONFLICT.value());
        model.addAttribute("conflict", e.getMessage());
    }

    private static String words(TicketStatus status) {
        return status.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
