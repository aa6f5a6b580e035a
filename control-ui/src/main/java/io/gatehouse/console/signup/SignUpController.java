package io.gatehouse.console.signup;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.members.SignUp;
import io.gatehouse.platform.members.SignUps;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.security.ConsoleSignIn;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

/** Sign-up: a new user and their first organization, then straight into it, signed in. */
@Controller
class SignUpController {

    private final SignUps signUps;
    private final ConsoleSignIn signIn;

    SignUpController(SignUps signUps, ConsoleSignIn signIn) {
        this.signUps = signUps;
        this.signIn = signIn;
    }

    @GetMapping("/signup")
    String form(Model model) {
        model.addAttribute("form", new SignUp("", "", "", "", ""));
        return "signup/signup";
    }

    @PostMapping("/signup")
    String signUp(@Valid @ModelAttribute("form") SignUp form, BindingResult result, HttpServletRequest request,
            HttpServletResponse response) {
        if (!result.hasErrors()) {
            try {
                SignedUp signedUp = signUps.signUp(form);
                signIn.signIn(signedUp.account(), request, response);
                return "redirect:/orgs/" + signedUp.organization().getSlug();
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "signup/signup";
    }
}
