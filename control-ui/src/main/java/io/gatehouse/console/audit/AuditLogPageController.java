package io.gatehouse.console.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.UriComponentsBuilder;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.audit.AuditEvent;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.audit.AuditQuery;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The organization's audit log: filters and pages. One URL, two handlers: the filter form and the pager
 * links are plain GETs that work without JavaScript, and htmx uses the same URLs to swap just the table.
 */
@Controller
@RequestMapping("/orgs/{slug}/audit-log")
class AuditLogPageController {

    static final int PAGE_SIZE = 20;

    private final CurrentCaller callers;
    private final AuditLog audit;

    AuditLogPageController(CurrentCaller callers, AuditLog audit) {
        this.callers = callers;
        this.audit = audit;
    }

    /** The filters of the page; blank means "any". Dates are whole UTC days, {@code to} inclusive. */
    record Filter(String action, String entityType, String actor,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Integer page) {

        AuditQuery query() {
            return new AuditQuery(blankToNull(entityType), null, blankToNull(action), blankToNull(actor),
                    from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        int pageNumber() {
            return page == null || page < 0 ? 0 : page;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping
    String page(@PathVariable String slug, @ModelAttribute("filter") Filter filter, BindingResult binding,
            HttpServletRequest request, Model model) {
        load(slug, filter, binding, request, model);
        return "audit/log";
    }

    @HxRequest
    @GetMapping
    String results(@PathVariable String slug, @ModelAttribute("filter") Filter filter, BindingResult binding,
            HttpServletRequest request, Model model) {
        load(slug, filter, binding, request, model);
        return "audit/log :: results";
    }

    private void load(String slug, Filter filter, BindingResult binding, HttpServletRequest request, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        model.addAttribute("slug", slug);
        if (!binding.hasErrors() && filter.from() != null && filter.to() != null
                && filter.to().isBefore(filter.from())) {
            FormErrors.reject(binding, "to", "must not be before the start date");
        }
        if (binding.hasErrors()) {
            // Filters that cannot be used (a malformed date) are shown next to their fields, with no results.
            model.addAttribute("filterErrors", binding.getFieldErrors().stream()
                    .map(error -> error.getField() + " " + FormErrors.message(error)).toList());
            model.addAttribute("events", Page.<AuditEvent>empty());
            return;
        }
        Page<AuditEvent> events = audit.search(caller.org(), filter.query(),
                PageRequest.of(filter.pageNumber(), PAGE_SIZE));
        model.addAttribute("events", events);
        if (events.hasPrevious()) {
            model.addAttribute("previousUrl", pageUrl(request, events.getNumber() - 1));
        }
        if (events.hasNext()) {
            model.addAttribute("nextUrl", pageUrl(request, events.getNumber() + 1));
        }
    }

    /** The same filtered view at another page. */
    private static String pageUrl(HttpServletRequest request, int page) {
        return UriComponentsBuilder.fromPath(request.getRequestURI())
                .query(request.getQueryString())
                .replaceQueryParam("page", page)
                .build()
                .toUriString();
    }
}
