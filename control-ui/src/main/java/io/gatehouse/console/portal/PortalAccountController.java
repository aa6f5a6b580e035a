package io.gatehouse.console.portal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperSignUp;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.developers.SignInRefusedException;
import io.gatehouse.platform.portal.settings.Portal;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A developer's account on one portal: sign-up (then the emailed verification link), sign-in and sign-out, and
 * the password reset by email. Every answer about an email address that may not exist is the same, so the
 * pages never tell who has an account.
 */
@Controller
@RequestMapping("/portal/{slug}")
class PortalAccountController {

    record SignUpForm(String name, String email, String password) {
    }

    record SignInForm(String email, String password, String next) {
    }

    record EmailForm(String email) {
    }

    record ResetForm(String token, String password) {
    }

    private final PortalPages pages;
    private final PortalVisitor visitor;
    private final Developers developers;

    PortalAccountController(PortalPages pages, PortalVisitor visitor, Developers developers) {
        this.pages = pages;
        this.visitor = visitor;
        this.developers = developers;
    }

    @GetMapping("/signup")
    String signUpForm(@PathVariable String slug, HttpServletRequest request, Model model) {
        pages.open(slug, request, model);
        model.addAttribute("form", new SignUpForm("", "", ""));
        return "portal/signup";
    }

    @PostMapping("/signup")
    String signUp(@PathVariable String slug, @ModelAttribute("form") SignUpForm form, BindingResult result,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal portal = pages.open(slug, request, model);
        try {
            Developer developer = developers.signUp(portal.org(), new DeveloperSignUp(form.email(), form.name(), form.password()));
            model.addAttribute("email", developer.email());
            return "portal/check-email";
        } catch (InvalidInputException e) {
            FormErrors.reject(result, e);
        } catch (ConflictException e) {
            FormErrors.reject(result, "email", e.getMessage());
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "portal/signup";
    }

    @GetMapping("/verify-email")
    String verify(@PathVariable String slug, @RequestParam(defaultValue = "") String token, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Portal portal = pages.open(slug, request, model);
        try {
            Developer developer = developers.verifyEmail(portal.org(), token);
            model.addAttribute("verified", developer);
        } catch (InvalidInputException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", "This verification link is not valid any more: it was used already or has expired.");
        }
        model.addAttribute("form", new EmailForm(""));
        return "portal/verified";
    }

    @PostMapping("/verify-email/resend")
    String resend(@PathVariable String slug, @ModelAttribute("form") EmailForm form, HttpServletRequest request, Model model) {
        Portal portal = pages.open(slug, request, model);
        developers.resendVerification(portal.org(), form.email());
        model.addAttribute("email", form.email());
        return "portal/check-email";
    }

    @GetMapping("/signin")
    String signInForm(@PathVariable String slug, @RequestParam(defaultValue = "") String next, HttpServletRequest request,
            Model model) {
        pages.open(slug, request, model);
        model.addAttribute("form", new SignInForm("", "", next));
        return "portal/signin";
    }

    @PostMapping("/signin")
    String signIn(@PathVariable String slug, @ModelAttribute("form") SignInForm form, BindingResult result,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal portal = pages.open(slug, request, model);
        try {
            Developer developer = developers.signIn(portal.org(), form.email(), form.password(), request.getRemoteAddr());
            visitor.signIn(portal, developer, request);
            return "redirect:" + safeNext(portal, PortalHostRouting.internalPath(request, form.next()));
        } catch (SignInRefusedException e) {
            result.reject("refused", e.getMessage());
            response.setStatus(switch (e.reason()) {
                case BAD_CREDENTIALS -> HttpStatus.UNAUTHORIZED.value();
                case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS.value();
                default -> HttpStatus.FORBIDDEN.value();
            });
            return "portal/signin";
        }
    }

    @PostMapping("/signout")
    String signOut(@PathVariable String slug, HttpServletRequest request, Model model) {
        Portal portal = pages.open(slug, request, model);
        visitor.signOut(portal, request);
        return "redirect:/portal/" + portal.slug();
    }

    @GetMapping("/forgot-password")
    String forgotForm(@PathVariable String slug, HttpServletRequest request, Model model) {
        pages.open(slug, request, model);
        model.addAttribute("form", new EmailForm(""));
        return "portal/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@PathVariable String slug, @ModelAttribute("form") EmailForm form, HttpServletRequest request, Model model) {
        Portal portal = pages.open(slug, request, model);
        developers.requestPasswordReset(portal.org(), form.email());
        model.addAttribute("email", form.email());
        model.addAttribute("reset", true);
        return "portal/check-email";
    }

    @GetMapping("/reset-password")
    String resetForm(@PathVariable String slug, @RequestParam(defaultValue = "") String token, HttpServletRequest request,
            Model model) {
        pages.open(slug, request, model);
        model.addAttribute("form", new ResetForm(token, ""));
        return "portal/reset-password";
    }

    @PostMapping("/reset-password")
    String reset(@PathVariable String slug, @ModelAttribute("form") ResetForm form, BindingResult result,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Portal portal = pages.open(slug, request, model);
        try {
            Developer developer = developers.resetPassword(portal.org(), form.token(), form.password());
            if (developer.active()) {
                visitor.signIn(portal, developer, request);
                return "redirect:/portal/" + portal.slug() + "/apps";
            }
            return "redirect:/portal/" + portal.slug() + "/signin";
        } catch (InvalidInputException e) {
            FormErrors.reject(result, e);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "portal/reset-password";
        }
    }

    /** Only a page of this portal: an absolute or foreign address in {@code next} would be an open redirect. */
    static String safeNext(Portal portal, String next) {
        String base = "/portal/" + portal.slug();
        if (next != null && (next.equals(base) || next.startsWith(base + "/") || next.startsWith(base + "?"))
                && !next.contains("//") && !next.contains("\\")) {
            return next;
        }
        return base + "/apps";
    }
}
