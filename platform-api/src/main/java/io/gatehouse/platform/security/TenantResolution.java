package io.gatehouse.platform.security;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CallerSource;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs after authentication in every chain and decides, once per request, who calls and in which
 * organization: it stores the {@link Caller} for {@link CurrentCaller} and enters the matching
 * {@link TenantScope} for the rest of the request (cleared afterwards).
 * <ul>
 * <li>A URL naming an organization ({@code /api/v1/organizations/{org}/…} or {@code /orgs/{slug}/…}) is looked up
 * by slug or id <em>in the caller's own scope</em>, so row-level security decides what exists: a token bound
 * to another org, or a user who is not a member, gets a 404, exactly as if the org did not exist. Platform
 * admins may enter any organization.</li>
 * <li>Otherwise a token bound to an org acts in it; a user acts in {@link TenantScope#user} (their own
 * memberships and tokens).</li>
 * <li>Platform staff URLs ({@code /api/v1/platform/…}, {@code /platform/…}) need a platform role and then run in
 * {@link TenantScope#platform()}; anyone else gets a 404 (console) or 403 (API).</li>
 * </ul>
 */
final class TenantResolution extends OncePerRequestFilter {

    enum Surface { API, CONSOLE }

    private static final Pattern API_ORG = Pattern.compile("^/api/v1/organizations/([^/]+)(?:/.*)?$");
    private static final Pattern CONSOLE_ORG = Pattern.compile("^/orgs/([^/]+)(?:/.*)?$");
    private static final Pattern API_PLATFORM = Pattern.compile("^/api/v1/platform(?:/.*)?$");
    private static final Pattern CONSOLE_PLATFORM = Pattern.compile("^/platform(?:/.*)?$");

    private final Surface surface;
    private final Organizations organizations;
    private final Memberships memberships;
    private final TenantScopes scopes;

    TenantResolution(Surface surface, Organizations organizations, Memberships memberships, TenantScopes scopes) {
        this.surface = surface;
        this.organizations = organizations;
        this.memberships = memberships;
        this.scopes = scopes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> authenticated = callerOf(SecurityContextHolder.getContext().getAuthentication());
        if (authenticated.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = authenticated.get();
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        TenantScope scope;
        Matcher org = (surface == Surface.API ? API_ORG : CONSOLE_ORG).matcher(path);
        if (org.matches()) {
            Optional<Caller> inOrg = resolveOrg(caller, org.group(1));
            if (inOrg.isEmpty()) {
                notFound(request, response);
                return;
            }
            caller = inOrg.get();
            scope = new TenantScope(caller.org(), caller.userId(), false);
        } else if ((surface == Surface.API ? API_PLATFORM : CONSOLE_PLATFORM).matcher(path).matches()) {
            if (caller.platformRole() == null) {
                if (surface == Surface.API) {
                    Problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "This needs a platform staff role.");
                } else {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                }
                return;
            }
            scope = TenantScope.platform();
        } else if (caller.org() != null) {
            scope = new TenantScope(caller.org(), caller.userId(), false);
        } else if (caller.userId() != null) {
            scope = TenantScope.user(caller.userId());
        } else {
            scope = TenantScope.none();
        }
        request.setAttribute(CurrentCaller.REQUEST_ATTRIBUTE, caller);
        scopes.enter(scope);
        try {
            chain.doFilter(request, response);
        } finally {
            scopes.clear();
        }
    }

    private Optional<Caller> resolveOrg(Caller caller, String reference) {
        if (caller.org() != null) {
            // A token bound to one organization sees only that one.
            return scopes.call(TenantScope.org(caller.org()), () -> organizations.find(reference))
                    .map(found -> caller);
        }
        if (caller.userId() != null) {
            TenantScope own = TenantScope.user(caller.userId());
            Optional<Organization> member = scopes.call(own, () -> organizations.find(reference));
            if (member.isPresent()) {
                Optional<OrgRole> role = scopes.call(own, () -> memberships.roleOf(member.get().orgId(), caller.userId()));
                if (role.isPresent()) {
                    return Optional.of(caller.inOrg(member.get().orgId(), role.get()));
                }
            }
        }
        if (caller.isPlatformAdmin()) {
            return scopes.call(TenantScope.platform(), () -> organizations.find(reference))
                    .map(found -> caller.inOrg(found.orgId(), null));
        }
        return Optional.empty();
    }

    private void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (surface == Surface.API) {
            Problems.write(request, response, HttpStatus.NOT_FOUND, "not-found", "organization was not found");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static Optional<Caller> callerOf(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication instanceof CallerSource source) {
            return Optional.of(source.caller());
        }
        if (authentication.getPrincipal() instanceof CallerSource source) {
            return Optional.of(source.caller());
        }
        return Optional.empty();
    }
}
