package io.gatehouse.platform.identity;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The {@link Caller} of the current request. Inject it anywhere (controllers, services): the security filter
 * chains resolve the caller and its organization after authentication and before any controller runs, and
 * the request's {@link io.gatehouse.platform.tenancy.TenantScope} is already set to match.
 */
@Component
public class CurrentCaller {

    /** The request attribute under which the tenant resolution stores the resolved caller. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    private final TenantScopes scopes;

    CurrentCaller(TenantScopes scopes) {
        this.scopes = scopes;
    }

    /** The caller; fails with an authentication error (401) when the request is anonymous. */
    public Caller get() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Sign in first."));
    }

    /** The caller, or empty for an anonymous request or work outside a request. */
    public Optional<Caller> find() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null
                && attributes.getAttribute(REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Caller caller) {
            return Optional.of(caller);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
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

    /**
     * The caller, provided it acts in an organization with at least {@code min} (platform admins always
     * pass); otherwise a {@link ForbiddenException}.
     */
    public Caller requireOrgRole(OrgRole min) {
        Caller caller = get();
        if (caller.org() == null) {
            throw new ForbiddenException("This request does not act in an organization.");
        }
        if (!caller.hasOrgRole(min)) {
            throw new ForbiddenException("This needs the " + min + " role in the organization.");
        }
        return caller;
    }

    /** The caller, provided it holds one of the given platform staff roles; otherwise a {@link ForbiddenException}. */
    public Caller requirePlatformRole(PlatformRole... any) {
        Caller caller = get();
        if (caller.platformRole() == null || !Arrays.asList(any).contains(caller.platformRole())) {
            throw new ForbiddenException("This needs a platform staff role: " + Arrays.toString(any) + ".");
        }
        return caller;
    }

    /**
     * Runs cross-tenant staff work in {@link TenantScope#platform()}, after checking that the caller holds
     * one of the given platform roles. Call it before opening a transaction (the scope applies at BEGIN) or
     * inside one (it is re-applied to the open transaction).
     */
    public <T> T asPlatformStaff(Supplier<T> work, PlatformRole... any) {
        requirePlatformRole(any);
        return scopes.call(TenantScope.platform(), work);
    }
}
