package io.gatehouse.console.systemaccounts;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.console.shell.Roles;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.oauth.CreatedSystemAccount;
import io.gatehouse.platform.oauth.SystemAccounts;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The organization's system accounts (OAuth2 clients with {@code client_credentials}): create (client id and
 * secret shown once, on the create response), list, delete. Admins only.
 */
@Controller
@RequestMapping("/orgs/{slug}/system-accounts")
class SystemAccountsController {

    private final CurrentCaller callers;
    private final SystemAccounts accounts;
    private final String publicUrl;

    SystemAccountsController(CurrentCaller callers, SystemAccounts accounts,
            @Value("${gatehouse.public-url}") String publicUrl) {
        this.callers = callers;
        this.accounts = accounts;
        this.publicUrl = publicUrl;
    }

    record AccountForm(@NotBlank @Size(max = 100) String name, @NotNull OrgRole role) {
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        model.addAttribute("form", new AccountForm("", OrgRole.VIEWER));
        return page(slug, caller, model);
    }

    @PostMapping
    String create(@PathVariable String slug, @Valid @ModelAttribute("form") AccountForm form, BindingResult result,
            Model model, HttpServletResponse response) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        if (!result.hasErrors()) {
            try {
                CreatedSystemAccount created = accounts.create(caller.org(), form.name(), form.role());
                response.setHeader("Cache-Control", "no-store");
                model.addAttribute("created", created);
                model.asMap().remove(BindingResult.MODEL_KEY_PREFIX + "form");
                model.addAttribute("form", new AccountForm("", OrgRole.VIEWER));
                return page(slug, caller, model);
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, caller, model);
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String slug, @PathVariable UUID id) {
        accounts.delete(callers.requireOrgRole(OrgRole.ADMIN).org(), id);
        return "redirect:/orgs/" + slug + "/system-accounts";
    }

    /** With htmx the deleted account's row is swapped for nothing. */
    @HxRequest
    @PostMapping("/{id}/delete")
    @ResponseBody
    ResponseEntity<String> deleteRow(@PathVariable UUID id) {
        accounts.delete(callers.requireOrgRole(OrgRole.ADMIN).org(), id);
        return ResponseEntity.status(HttpStatus.OK).body("");
    }

    private String page(String slug, Caller caller, Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("accounts", accounts.list(caller.org()));
        model.addAttribute("roles", Roles.grantableBy(caller));
        model.addAttribute("tokenUrl", publicUrl + "/oauth2/token");
        return "systemaccounts/list";
    }
}
