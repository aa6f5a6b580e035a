package io.gatehouse.console.tokens;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.console.shell.Roles;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tokens.IssuedToken;
import io.gatehouse.platform.tokens.PersonalAccessToken;
import io.gatehouse.platform.tokens.PersonalAccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The signed-in user's personal access tokens for this organization: create (the token is shown once, on
 * the response to the create request, and never stored in the session), list with last use and expiry, revoke.
 */
@Controller
@RequestMapping("/orgs/{slug}/tokens")
class TokensController {

    static final int DEFAULT_DAYS = 90;

    private final CurrentCaller callers;
    private final PersonalAccessTokens tokens;

    TokensController(CurrentCaller callers, PersonalAccessTokens tokens) {
        this.callers = callers;
        this.tokens = tokens;
    }

    record TokenForm(@NotBlank @Size(max = 100) String name, @NotNull OrgRole role,
            @NotNull @Min(1) @Max(366) Integer expiresInDays) {
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.VIEWER);
        model.addAttribute("form", emptyForm());
        return page(slug, caller, model);
    }

    @PostMapping
    String create(@PathVariable String slug, @Valid @ModelAttribute("form") TokenForm form, BindingResult result,
            Model model, HttpServletResponse response) {
        Caller caller = callers.requireOrgRole(OrgRole.VIEWER);
        if (!result.hasErrors()) {
            try {
                IssuedToken issued = tokens.create(caller, caller.org(), form.name(), form.role(),
                        Duration.ofDays(form.expiresInDays()));
                // The secret is in this response only: keep it out of every cache.
                response.setHeader("Cache-Control", "no-store");
                model.addAttribute("issued", issued);
                model.asMap().remove(BindingResult.MODEL_KEY_PREFIX + "form");
                model.addAttribute("form", emptyForm());
                return page(slug, caller, model);
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, caller, model);
    }

    /** Revoking without JavaScript posts the form and comes back to the list; htmx swaps just the row. */
    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable String slug, @PathVariable UUID id) {
        tokens.revoke(callers.requireOrgRole(OrgRole.VIEWER), id);
        return "redirect:/orgs/" + slug + "/tokens";
    }

    @HxRequest
    @PostMapping("/{id}/revoke")
    String revokeRow(@PathVariable String slug, @PathVariable UUID id, Model model) {
        model.addAttribute("t", tokens.revoke(callers.requireOrgRole(OrgRole.VIEWER), id));
        model.addAttribute("slug", slug);
        return "tokens/row :: row";
    }

    private static TokenForm emptyForm() {
        return new TokenForm("", OrgRole.VIEWER, DEFAULT_DAYS);
    }

    private String page(String slug, Caller caller, Model model) {
        List<PersonalAccessToken> mine = tokens.list(caller).stream()
                .filter(token -> caller.org().equals(token.org()))
                .toList();
        model.addAttribute("slug", slug);
        model.addAttribute("tokens", mine);
        model.addAttribute("roles", Roles.grantableBy(caller));
        return "tokens/list";
    }
}
