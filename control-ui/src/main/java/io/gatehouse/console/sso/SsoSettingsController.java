package io.gatehouse.console.sso;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.sso.SingleSignOn;
import io.gatehouse.platform.sso.SsoSettings;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The organization's single sign-on with its own OpenID Connect provider. Admins only. */
@Controller
@RequestMapping("/orgs/{slug}/sso")
class SsoSettingsController {

    private final CurrentCaller callers;
    private final SingleSignOn sso;

    SsoSettingsController(CurrentCaller callers, SingleSignOn sso) {
        this.callers = callers;
        this.sso = sso;
    }

    /**
     * The client secret is write-only: blank keeps the stored one. {@code enabled} is a {@code Boolean}
     * because an unchecked checkbox sends nothing.
     */
    record SsoForm(@NotBlank @Size(max = 500) String issuer, @NotBlank @Size(max = 200) String clientId,
            @Size(max = 500) String clientSecret, Boolean enabled) {

        boolean isEnabled() {
            return Boolean.TRUE.equals(enabled);
        }
    }

    @GetMapping
    String show(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        SsoSettings settings = sso.get(caller.org());
        model.addAttribute("form", new SsoForm(settings.issuer(), settings.clientId(), "", settings.enabled()));
        return page(slug, settings, model);
    }

    @PostMapping
    String save(@PathVariable String slug, @Valid @ModelAttribute("form") SsoForm form, BindingResult result,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        if (!result.hasErrors()) {
            try {
                sso.put(caller.org(), form.issuer(), form.clientId(), form.clientSecret(), form.isEnabled());
                redirect.addFlashAttribute("saved", true);
                return "redirect:/orgs/" + slug + "/sso";
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, sso.get(caller.org()), model);
    }

    private static String page(String slug, SsoSettings settings, Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("settings", settings);
        return "sso/settings";
    }
}
