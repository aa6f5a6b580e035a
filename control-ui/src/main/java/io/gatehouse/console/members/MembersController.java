package io.gatehouse.console.members;

import java.util.Arrays;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.members.Invitation;
import io.gatehouse.platform.members.Invitations;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Members and invitations of the organization. Every member sees the list; admins invite by email (the link
 * goes out by mail), revoke pending invitations, change roles and remove members. Each change is a plain form
 * POST (redirect back to the list); with htmx, only the changed row is swapped.
 */
@Controller
@RequestMapping("/orgs/{slug}/members")
class MembersController {

    private final CurrentCaller callers;
    private final Memberships memberships;
    private final Invitations invitations;

    MembersController(CurrentCaller callers, Memberships memberships, Invitations invitations) {
        this.callers = callers;
        this.memberships = memberships;
        this.invitations = invitations;
    }

    record InviteForm(@NotBlank @Email @Size(max = 254) String email, @NotNull OrgRole role) {
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.VIEWER);
        model.addAttribute("invite", new InviteForm("", OrgRole.VIEWER));
        return page(slug, caller, model);
    }

    @PostMapping("/invitations")
    String invite(@PathVariable String slug, @Valid @ModelAttribute("invite") InviteForm form, BindingResult result,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        if (!result.hasErrors()) {
            try {
                Invitation invitation = invitations.invite(caller.org(), form.email(), form.role(), caller.email());
                redirect.addFlashAttribute("invited", invitation.email());
                return "redirect:/orgs/" + slug + "/members";
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            } catch (ConflictException e) {
                FormErrors.reject(result, "email", e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, caller, model);
    }

    @PostMapping("/invitations/{id}/revoke")
    String revokeInvitation(@PathVariable String slug, @PathVariable UUID id) {
        invitations.revoke(callers.requireOrgRole(OrgRole.ADMIN).org(), id);
        return "redirect:/orgs/" + slug + "/members";
    }

    @HxRequest
    @PostMapping("/invitations/{id}/revoke")
    String revokeInvitationRow(@PathVariable String slug, @PathVariable UUID id, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        model.addAttribute("i", invitations.revoke(caller.org(), id));
        rowModel(slug, caller, model);
        return "members/rows :: invitation";
    }

    @PostMapping("/{userId}/role")
    String changeRole(@PathVariable String slug, @PathVariable UUID userId, @RequestParam OrgRole role) {
        memberships.changeRole(callers.requireOrgRole(OrgRole.ADMIN).org(), userId, role);
        return "redirect:/orgs/" + slug + "/members";
    }

    @HxRequest
    @PostMapping("/{userId}/role")
    String changeRoleRow(@PathVariable String slug, @PathVariable UUID userId, @RequestParam OrgRole role,
            Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        model.addAttribute("m", memberships.changeRole(caller.org(), userId, role));
        rowModel(slug, caller, model);
        return "members/rows :: member";
    }

    @PostMapping("/{userId}/remove")
    String remove(@PathVariable String slug, @PathVariable UUID userId) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        memberships.remove(caller.org(), userId);
        return userId.equals(caller.userId()) ? "redirect:/" : "redirect:/orgs/" + slug + "/members";
    }

    /** With htmx the removed member's row is swapped for nothing. */
    @HxRequest
    @PostMapping("/{userId}/remove")
    @ResponseBody
    String removeRow(@PathVariable UUID userId) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        memberships.remove(caller.org(), userId);
        return "";
    }

    private String page(String slug, Caller caller, Model model) {
        model.addAttribute("members", memberships.list(caller.org()));
        model.addAttribute("invitations", caller.hasOrgRole(OrgRole.ADMIN) ? invitations.list(caller.org()) : null);
        rowModel(slug, caller, model);
        return "members/list";
    }

    private static void rowModel(String slug, Caller caller, Model model) {
        model.addAttribute("slug", slug);
        model.addAttribute("admin", caller.hasOrgRole(OrgRole.ADMIN));
        model.addAttribute("me", caller.userId());
        model.addAttribute("roles", Arrays.asList(OrgRole.values()));
    }
}
