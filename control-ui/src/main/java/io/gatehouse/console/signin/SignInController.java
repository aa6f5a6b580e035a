package io.gatehouse.console.signin;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.security.LoginThrottledException;
import io.gatehouse.platform.sso.SingleSignOn;
import io.gatehouse.platform.sso.SsoSettings;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The sign-in page. Spring Security handles the form's POST; a failed attempt comes back here with
 * {@code ?error} (or {@code ?locked} when throttled after repeated failures), and the reason is read from the
 * session where the failure handler left it. Members of an organization with single sign-on enter its slug and
 * are sent to its OpenID provider ({@code /login?sso=<slug>}, a plain GET form).
 */
@Controller
class SignInController {

    static final String WRONG_CREDENTIALS = "The email or password is not correct.";

    static final String NO_SSO = "That organization has no single sign-on; sign in with your email and password.";

    private final Organizations organizations;
    private final SingleSignOn singleSignOn;
    private final TenantScopes scopes;

    SignInController(Organizations organizations, SingleSignOn sso, TenantScopes scopes) {
        this.organizations = organizations;
        this.singleSignOn = sso;
        this.scopes = scopes;
    }

    @GetMapping("/login")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
            @RequestParam(required = false) String logout, @RequestParam(required = false) String sso,
            Authentication authentication, HttpServletRequest request, Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        if (sso != null && !sso.isBlank()) {
            Optional<String> start = ssoStart(sso.strip());
            if (start.isPresent()) {
                return "redirect:" + start.get();
            }
            model.addAttribute("ssoError", NO_SSO);
            model.addAttribute("sso", sso);
        }
        if (error != null || locked != null) {
            HttpSession session = request.getSession(false);
            model.addAttribute("error",
                    reason(session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)));
        }
        model.addAttribute("signedOut", logout != null);
        return "signin/login";
    }

    /**
     * Where an organization's members start signing in with its OpenID provider, if it has single sign-on
     * enabled. Read across tenants: anyone may ask whether an organization's sign-in page exists, as the
     * provider's redirect would tell them anyway; nothing else about the organization is shown.
     */
    private Optional<String> ssoStart(String slug) {
        return organizations.findPublicBySlug(slug).map(org -> scopes.call(TenantScope.platform(),
                        () -> singleSignOn.get(org.orgId())))
                .filter(settings -> settings.configured() && settings.enabled())
                .map(SsoSettings::loginPath);
    }

    private static String reason(Object failure) {
        // Throttled (too many failures) or a locked account: the message says how long to wait.
        if ((failure instanceof LoginThrottledException || failure instanceof LockedException)
                && ((Exception) failure).getMessage() != null) {
            return ((Exception) failure).getMessage();
        }
        return WRONG_CREDENTIALS;
    }
}
