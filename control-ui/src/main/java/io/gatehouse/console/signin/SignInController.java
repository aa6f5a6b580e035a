package io.gatehouse.console.signin;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpSession;

/**
 * The sign-in page. Spring Security handles the form's POST; a failed attempt comes back here with
 * {@code ?error}, and the reason (wrong credentials, or sign-in throttled after repeated failures) is read
 * from the session where the failure handler left it.
 */
@Controller
class SignInController {

    static final String WRONG_CREDENTIALS = "The email or password is not correct.";

    @GetMapping("/login")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
            Authentication authentication, HttpSession session, Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        if (error != null) {
            model.addAttribute("error", reason(session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)));
        }
        model.addAttribute("signedOut", logout != null);
        return "signin/login";
    }

    private static String reason(Object failure) {
        if (failure instanceof LockedException locked && locked.getMessage() != null) {
            return locked.getMessage();
        }
        return WRONG_CREDENTIALS;
    }
}
