package io.gatehouse.console.home;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.audit.AuditQuery;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/** Where a signed-in user lands: their organization's overview, or the list of their organizations. */
@Controller
class HomeController {

    private static final int RECENT_EVENTS = 5;

    private final CurrentCaller callers;
    private final Organizations organizations;
    private final TenantScopes scopes;
    private final AuditLog audit;

    HomeController(CurrentCaller callers, Organizations organizations, TenantScopes scopes, AuditLog audit) {
        this.callers = callers;
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

    @GetMapping("/orgs")
    String picker(Model model) {
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
