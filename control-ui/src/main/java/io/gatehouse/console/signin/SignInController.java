package io.gatehouse.console.signin;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.security.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The sign-in page. Spring Security handles the form's POST; a failed attempt comes back here with
 * {@code ?error} (or {@code ?locked} when throttled after repeated failures), and the reason is read from the
 * session where the failure handler left it.
 */
@Controller
class SignInController {

    static final String WRONG_CREDENTIALS = "The email or password is not correct.";

    @GetMapping("/login")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
            @RequestParam(required = false) String logout, Authentication authentication, HttpServletRequest request,
            Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        if (error != null || locked != null) {
            HttpSession session = request.getSession(false);
            model.addAttribute("error",
                    reason(session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)));
        }
        model.addAttribute("signedOut", logout != null);
        return "signin/login";
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
