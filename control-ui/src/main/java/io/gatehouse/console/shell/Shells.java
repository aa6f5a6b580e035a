package io.gatehouse.console.shell;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Builds the {@link Shell} of a full page. Fragments (htmx requests, {@code "view :: fragment"} names) and
 * redirects get nothing: they are swapped into a page that already has its shell.
 */
@Component
public class Shells {

    /** The model attribute the layout reads. */
    public static final String ATTRIBUTE = "shell";

    private final CurrentCaller callers;
    private final Organizations organizations;
    private final TenantScopes scopes;

    Shells(CurrentCaller callers, Organizations organizations, TenantScopes scopes) {
        this.callers = callers;
        this.organizations = organizations;
        this.scopes = scopes;
    }

    /** Adds the shell to a page about to be rendered, if it is a full page for a signed-in caller. */
    public void decorate(ModelAndView page, HttpServletRequest request) {
        if (page == null || Htmx.isRequest(request) || page.getModel().containsKey(ATTRIBUTE)
                || !isFullPage(page)) {
            return;
        }
        shellFor(request).ifPresent(shell -> page.addObject(ATTRIBUTE, shell));
    }

    Optional<Shell> shellFor(HttpServletRequest request) {
        Optional<Caller> found = callers.find();
        if (found.isEmpty() || !found.get().isUser()) {
            return Optional.empty();
        }
        Caller caller = found.get();
        Organization org = caller.org() == null ? null : organizations.find(caller.org().toString()).orElse(null);
        // The switcher lists the user's organizations, which only the user's own scope can see all of.
        List<Organization> orgs = scopes.call(TenantScope.user(caller.userId()), organizations::visible);
        return Optional.of(new Shell(caller, org, orgs, section(request.getRequestURI(), request.getContextPath())));
    }

    private static boolean isFullPage(ModelAndView page) {
        if (page.getView() instanceof RedirectView) {
            return false;
        }
        String name = page.getViewName();
        return name != null && !name.contains("::") && !name.startsWith("redirect:") && !name.startsWith("forward:");
    }

    /** The navigation entry of a console URL: {@code /orgs/acme/members/...} is "members", {@code /orgs/acme} "home". */
    static String section(String uri, String contextPath) {
        String path = uri.substring(contextPath == null ? 0 : contextPath.length());
        String[] parts = path.split("/");
        // "", "orgs", slug, section, ...
        if (parts.length >= 3 && "orgs".equals(parts[1])) {
            return parts.length >= 4 ? parts[3] : "home";
        }
        return parts.length >= 2 ? parts[1] : "";
    }
}
