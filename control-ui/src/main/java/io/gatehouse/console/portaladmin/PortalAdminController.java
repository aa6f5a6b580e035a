package io.gatehouse.console.portaladmin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.console.gateways.FormState;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.Applications;
import io.gatehouse.platform.portal.apps.Credentials;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperStatus;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.OrgId;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The organization's side of its developer portal: registrations and applications (pending requests first;
 * approve, reject with a reason, revoke), developers (approve, reject, suspend, reinstate) and the portal's
 * settings. Reads need VIEWER, decisions and settings ADMIN; the facades audit and mail the developers.
 */
@Controller
@RequestMapping("/orgs/{slug}/portal")
class PortalAdminController {

    private static final Set<String> SETTINGS_FIELDS = Set.of("display_name", "logo_url", "primary_color", "accent_color",
            "custom_host");

    private final CurrentCaller callers;
    private final Portals portals;
    private final Developers developers;
    private final Applications applications;
    private final Registrations registrations;
    private final Credentials credentials;

    PortalAdminController(CurrentCaller callers, Portals portals, Developers developers, Applications applications,
            Registrations registrations, Credentials credentials) {
        this.callers = callers;
        this.portals = portals;
        this.developers = developers;
        this.applications = applications;
        this.registrations = registrations;
        this.credentials = credentials;
    }

    @GetMapping
    String overview(@PathVariable String slug, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        return overviewPage(slug, org, null, model);
    }

    @PostMapping("/registrations/{registration}/approve")
    String approve(@PathVariable String slug, @PathVariable UUID registration) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        registrations.approve(org, registration);
        return "redirect:/orgs/" + slug + "/portal";
    }

    @PostMapping("/registrations/{registration}/reject")
    String reject(@PathVariable String slug, @PathVariable UUID registration, @RequestParam(defaultValue = "") String reason,
            Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        if (reason.isBlank()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return overviewPage(slug, org, new Problem(registration, "Give a reason: the developer receives it by email."), model);
        }
        try {
            registrations.reject(org, registration, reason.strip());
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return overviewPage(slug, org, new Problem(registration, message(e)), model);
        }
        return "redirect:/orgs/" + slug + "/portal";
    }

    @PostMapping("/registrations/{registration}/revoke")
    String revoke(@PathVariable String slug, @PathVariable UUID registration, @RequestParam(defaultValue = "") String reason) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        registrations.revoke(org, registration, reason.isBlank() ? null : reason.strip());
        return "redirect:/orgs/" + slug + "/portal";
    }

    /** With htmx a decision answers with the decided request's row alone (a refused one with its message, 400). */
    @HxRequest
    @PostMapping("/registrations/{registration}/approve")
    String approveRow(@PathVariable String slug, @PathVariable UUID registration, Model model, HttpServletResponse response) {
        return decideRow(slug, registration, "approve", "", model, response);
    }

    @HxRequest
    @PostMapping("/registrations/{registration}/reject")
    String rejectRow(@PathVariable String slug, @PathVariable UUID registration, @RequestParam(defaultValue = "") String reason,
            Model model, HttpServletResponse response) {
        return decideRow(slug, registration, "reject", reason, model, response);
    }

    @HxRequest
    @PostMapping("/registrations/{registration}/revoke")
    String revokeRow(@PathVariable String slug, @PathVariable UUID registration, @RequestParam(defaultValue = "") String reason,
            Model model, HttpServletResponse response) {
        return decideRow(slug, registration, "revoke", reason, model, response);
    }

    private String decideRow(String slug, UUID registration, String action, String reason, Model model,
            HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        Problem problem = null;
        if ("reject".equals(action) && reason.isBlank()) {
            problem = new Problem(registration, "Give a reason: the developer receives it by email.");
        } else {
            try {
                switch (action) {
                    case "approve" -> registrations.approve(org, registration);
                    case "reject" -> registrations.reject(org, registration, reason.strip());
                    default -> registrations.revoke(org, registration, reason.isBlank() ? null : reason.strip());
                }
            } catch (InvalidInputException e) {
                problem = new Problem(registration, message(e));
            }
        }
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        Registration decided = registrations.get(org, registration);
        String email = developers.get(org, decided.developerId()).email();
        model.addAttribute("row", new RegistrationRow(decided, email));
        model.addAttribute("slug", slug);
        model.addAttribute("problem", problem);
        model.addAttribute("canDecide", true);
        return "portaladmin/registration-row :: row";
    }

    @GetMapping("/developers")
    String developers(@PathVariable String slug, @RequestParam(defaultValue = "") String status, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.VIEWER).org();
        return developersPage(slug, org, status, null, model);
    }

    @PostMapping("/developers/{developer}/{action:approve|suspend|reinstate}")
    String decideDeveloper(@PathVariable String slug, @PathVariable UUID developer, @PathVariable String action) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        switch (action) {
            case "approve" -> developers.approve(org, developer);
            case "suspend" -> developers.suspend(org, developer);
            default -> developers.reinstate(org, developer);
        }
        return "redirect:/orgs/" + slug + "/portal/developers";
    }

    @PostMapping("/developers/{developer}/reject")
    String rejectDeveloper(@PathVariable String slug, @PathVariable UUID developer, @RequestParam(defaultValue = "") String reason,
            Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        if (reason.isBlank()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return developersPage(slug, org, "", new Problem(developer, "Give a reason: the developer receives it by email."),
                    model);
        }
        try {
            developers.reject(org, developer, reason.strip());
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return developersPage(slug, org, "", new Problem(developer, message(e)), model);
        }
        return "redirect:/orgs/" + slug + "/portal/developers";
    }

    @GetMapping("/settings")
    String settings(@PathVariable String slug, Model model) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        PortalSettings settings = portals.settings(org);
        Map<String, String> values = new HashMap<>();
        values.put("display_name", orEmpty(settings.displayName()));
        values.put("logo_url", orEmpty(settings.logoUrl()));
        values.put("primary_color", orEmpty(settings.primaryColor()));
        values.put("accent_color", orEmpty(settings.accentColor()));
        values.put("custom_host", orEmpty(settings.customHost()));
        return settingsPage(slug, settings.publicPortal(), settings.developerAutoApprove(), FormState.of(values), false, model);
    }

    @PostMapping("/settings")
    String saveSettings(@PathVariable String slug, @RequestParam(defaultValue = "private") String visibility,
            @RequestParam(name = "developer_auto_approve", defaultValue = "false") boolean autoApprove,
            @RequestParam(name = "display_name", defaultValue = "") String displayName,
            @RequestParam(name = "logo_url", defaultValue = "") String logoUrl,
            @RequestParam(name = "primary_color", defaultValue = "") String primaryColor,
            @RequestParam(name = "accent_color", defaultValue = "") String accentColor,
            @RequestParam(name = "custom_host", defaultValue = "") String customHost, Model model, HttpServletResponse response) {
        OrgId org = callers.requireOrgRole(OrgRole.ADMIN).org();
        boolean publicPortal = "public".equals(visibility);
        FormState form = FormState.of(Map.of("display_name", displayName, "logo_url", logoUrl, "primary_color", primaryColor,
                "accent_color", accentColor, "custom_host", customHost));
        try {
            portals.update(org, new PortalSettings(publicPortal, blankToNull(displayName), blankToNull(logoUrl),
                    blankToNull(primaryColor), blankToNull(accentColor), autoApprove, blankToNull(customHost), null));
            return settingsPage(slug, publicPortal, autoApprove, form, true, model);
        } catch (InvalidInputException e) {
            form.reject(e, SETTINGS_FIELDS);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            form.reject("custom_host", e.getMessage(), SETTINGS_FIELDS);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        return settingsPage(slug, publicPortal, autoApprove, form, false, model);
    }

    /** A refused decision, shown next to the row it is about. */
    record Problem(UUID id, String message) {
    }

    /** One registration with the developer who asked, for the table. */
    record RegistrationRow(Registration registration, String developerEmail) {
    }

    private String overviewPage(String slug, OrgId org, Problem problem, Model model) {
        Map<UUID, String> emails = new HashMap<>();
        for (Developer developer : developers.list(org, null)) {
            emails.put(developer.id(), developer.email());
        }
        List<RegistrationRow> rows = new ArrayList<>();
        for (Registration registration : registrations.list(org, null)) {
            rows.add(new RegistrationRow(registration, emails.getOrDefault(registration.developerId(), "")));
        }
        rows.sort(Comparator.comparing((RegistrationRow row) -> row.registration().status() != RegistrationStatus.PENDING)
                .thenComparing(row -> row.registration().requestedAt(), Comparator.reverseOrder()));
        List<Application> apps = applications.all(org);
        model.addAttribute("slug", slug);
        model.addAttribute("registrations", rows);
        model.addAttribute("applications", apps);
        model.addAttribute("oauthClients", credentials.activeClients(org));
        model.addAttribute("emails", emails);
        model.addAttribute("problem", problem);
        model.addAttribute("portalUrl", "/portal/" + portals.get(org).slug());
        model.addAttribute("canDecide", callers.get().hasOrgRole(OrgRole.ADMIN));
        return "portaladmin/overview";
    }

    private String developersPage(String slug, OrgId org, String status, Problem problem, Model model) {
        DeveloperStatus filter = status.isBlank() ? null : DeveloperStatus.of(status);
        List<Developer> list = new ArrayList<>(developers.list(org, filter));
        list.sort(Comparator.comparing((Developer d) -> d.status() != DeveloperStatus.PENDING)
                .thenComparing(Developer::createdAt, Comparator.reverseOrder()));
        model.addAttribute("slug", slug);
        model.addAttribute("developers", list);
        model.addAttribute("status", status);
        model.addAttribute("statuses", DeveloperStatus.values());
        model.addAttribute("problem", problem);
        model.addAttribute("canDecide", callers.get().hasOrgRole(OrgRole.ADMIN));
        return "portaladmin/developers";
    }

    private String settingsPage(String slug, boolean publicPortal, boolean autoApprove, FormState form, boolean saved,
            Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("publicPortal", publicPortal);
        model.addAttribute("autoApprove", autoApprove);
        model.addAttribute("form", form);
        model.addAttribute("saved", saved);
        model.addAttribute("platformHost", portals.platformHost());
        model.addAttribute("customHost", portals.settings(callers.get().org()).customHost());
        model.addAttribute("portalPath", "/portal/" + slug);
        return "portaladmin/settings";
    }

    private static String message(InvalidInputException e) {
        return e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).message();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
