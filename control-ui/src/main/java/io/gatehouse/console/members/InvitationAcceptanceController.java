package io.gatehouse.console.members;

import java.util.Optional;

import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.members.InvitationPreview;
import io.gatehouse.platform.members.Invitations;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.security.ConsoleSignIn;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The page an invitation link opens. Whoever holds a valid link sees what it is for; then either the
 * invited user (signed in with the invited email) accepts, or someone without an account creates one for the
 * invited email and is signed in. A wrong, used, revoked or expired link is a 404.
 */
@Controller
@RequestMapping("/invitations/{token}")
class InvitationAcceptanceController {

    private final Invitations invitations;
    private final CurrentCaller callers;
    private final ConsoleSignIn signIn;
    private final RequestCache requestCache = new HttpSessionRequestCache();

    InvitationAcceptanceController(Invitations invitations, CurrentCaller callers, ConsoleSignIn signIn) {
        this.invitations = invitations;
        this.callers = callers;
        this.signIn = signIn;
    }

    record NewAccountForm(@NotBlank @Size(max = 200) String name, @NotBlank @Size(min = 10, max = 128) String password) {
    }

    @GetMapping
    String show(@PathVariable String token, Model model) {
        model.addAttribute("form", new NewAccountForm("", ""));
        return page(token, model);
    }

    /** Signing in to accept: remember this link, so that the sign-in comes back to it. */
    @GetMapping("/sign-in")
    String signInToAccept(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        invitations.preview(token);
        if (callers.find().filter(Caller::isUser).isPresent()) {
            return "redirect:/invitations/" + token;
        }
        requestCache.saveRequest(request, response);
        return "redirect:/login";
    }

    /** The signed-in user accepts; their email must be the invited one. */
    @PostMapping("/accept")
    String accept(@PathVariable String token) {
        Caller caller = callers.get();
        Organization joined = invitations.acceptAs(token, caller.userId());
        return "redirect:/orgs/" + joined.getSlug();
    }

    /** Accepts by creating the account of the invited email, and signs it in. */
    @PostMapping
    String acceptWithNewAccount(@PathVariable String token, @Valid @ModelAttribute("form") NewAccountForm form,
            BindingResult result, Model model, HttpServletRequest request, HttpServletResponse response) {
        if (!result.hasErrors()) {
            try {
                Invitations.AcceptedInvitation accepted = invitations.acceptWithNewAccount(token, form.name(),
                        form.password());
                signIn.signIn(accepted.account(), request, response);
                return "redirect:/orgs/" + accepted.organization().getSlug();
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(token, model);
    }

    private String page(String token, Model model) {
        InvitationPreview preview = invitations.preview(token);
        Optional<Caller> caller = callers.find().filter(Caller::isUser);
        model.addAttribute("token", token);
        model.addAttribute("invitation", preview);
        model.addAttribute("signedInAs", caller.map(Caller::email).orElse(null));
        model.addAttribute("forMe", caller.map(c -> c.email().equalsIgnoreCase(preview.email())).orElse(false));
        return "members/invitation";
    }
}
