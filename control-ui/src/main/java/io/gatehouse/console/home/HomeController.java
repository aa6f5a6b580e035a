package io.gatehouse.console.home;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.audit.AuditQuery;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.members.SignUps;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.organizations.Slugs;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Where a signed-in user lands: their organization's overview, or the list of their organizations, where they
 * can also found another one.
 */
@Controller
class HomeController {

    private static final int RECENT_EVENTS = 5;

    private final CurrentCaller callers;
    private final Organizations organizations;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final SignUps signUps;

    HomeController(CurrentCaller callers, Organizations organizations, TenantScopes scopes, AuditLog audit,
            SignUps signUps) {
        this.callers = callers;
        this.signUps = signUps;
        this.organizations = organizations;
        this.scopes = scopes;
        this.audit = audit;
    }

    /** One organization: straight to it; none or several: the picker. */
    @GetMapping("/")
    String home() {
        List<Organization> orgs = myOrganizations();
        return orgs.size() == 1 ? "redirect:/orgs/" + orgs.get(0).getSlug() : "redirect:/orgs";
    }

    /** A new organization; a blank slug is derived from the name. */
    record NewOrganizationForm(@NotBlank @Size(max = 200) String name, @Size(max = 63) String slug) {
    }

    @GetMapping("/orgs")
    String picker(Model model) {
        model.addAttribute("form", new NewOrganizationForm("", ""));
        model.addAttribute("orgs", myOrganizations());
        return "home/orgs";
    }

    /** Founds an organization with the signed-in user as its admin, and goes there. */
    @PostMapping("/orgs")
    String found(@Valid @ModelAttribute("form") NewOrganizationForm form, BindingResult result, Model model,
            HttpServletResponse response) {
        if (!result.hasErrors()) {
            String slug = form.slug() == null || form.slug().isBlank() ? Slugs.suggest(form.name()) : form.slug().strip();
            try {
                Organization created = signUps.found(callers.get(), slug, form.name());
                return "redirect:/orgs/" + created.getSlug();
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            } catch (ConflictException e) {
                FormErrors.reject(result, "slug", e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("orgs", myOrganizations());
        return "home/orgs";
    }

    /** The organization's overview. The tenant resolution has already checked membership (else 404). */
    @GetMapping("/orgs/{slug}")
    String overview(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.VIEWER);
        Organization org = organizations.get(caller.org());
        model.addAttribute("org", org);
        model.addAttribute("role", caller.role());
        if (caller.hasOrgRole(OrgRole.ADMIN)) {
            model.addAttribute("recent",
                    audit.search(org.orgId(), AuditQuery.all(), PageRequest.of(0, RECENT_EVENTS)).getContent());
        }
        return "home/overview";
    }

    private List<Organization> myOrganizations() {
        Caller caller = callers.get();
        return scopes.call(TenantScope.user(caller.userId()), organizations::visible);
    }
}
