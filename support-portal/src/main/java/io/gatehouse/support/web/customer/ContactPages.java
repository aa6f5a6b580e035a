package io.gatehouse.support.web.customer;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.members.Member;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.contacts.Contact;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.subscriptions.SupportSubscriptions;
import io.gatehouse.support.web.PageForms;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The organization's support contacts (support policy §3): every member sees who they are and the
 * subscription's limit; org admins designate members and remove contacts. The limit is the desk's: a
 * designation beyond it is refused with the reason next to the field.
 */
@Controller
@RequestMapping("/orgs/{slug}/support/contacts")
class ContactPages {

    private final CustomerContacts contacts;
    private final Memberships memberships;
    private final SupportSubscriptions subscriptions;
    private final CurrentCaller callers;

    ContactPages(CustomerContacts contacts, Memberships memberships,
            SupportSubscriptions subscriptions, CurrentCaller callers) {
        this.contacts = contacts;
        this.memberships = memberships;
        this.subscriptions = subscriptions;
        this.callers = callers;
    }

    record DesignateForm(UUID userId) {
    }

    @GetMapping
    String list(@PathVariable String slug, Model model) {
        Caller caller = callers.requireOrgRole(OrgRole.VIEWER);
        model.addAttribute("designate", new DesignateForm(null));
        return page(slug, caller, model);
    }

    @PostMapping
    String designate(@PathVariable String slug, @ModelAttribute("designate") DesignateForm form, BindingResult result,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        if (!result.hasErrors()) {
            if (form.userId() == null) {
                result.rejectValue("userId", "required", "Choose a member of the organization.");
            } else {
                try {
                    Contact contact = contacts.designate(caller.org(), form.userId());
                    redirect.addFlashAttribute("done", contact.displayName() + " is now a support contact.");
                    return "redirect:/orgs/" + slug + "/support/contacts";
                } catch (InvalidInputException e) {
                    PageForms.reject(result, e);
                } catch (ConflictException e) {
                    PageForms.reject(result, "userId", e.getMessage());
                }
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(slug, caller, model);
    }

    @PostMapping("/{userId}/remove")
    String remove(@PathVariable String slug, @PathVariable UUID userId, RedirectAttributes redirect) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        contacts.remove(caller.org(), userId);
        redirect.addFlashAttribute("done", "The contact was removed.");
        return "redirect:/orgs/" + slug + "/support/contacts";
    }

    private String page(String slug, Caller caller, Model model) {
        List<Contact> designated = contacts.list(caller.org());
        Set<UUID> ids = designated.stream().map(Contact::userId).collect(Collectors.toSet());
        List<Member> candidates = memberships.list(caller.org()).stream().filter(m -> !ids.contains(m.userId())).toList();
        model.addAttribute("slug", slug);
        model.addAttribute("contacts", designated);
        model.addAttribute("candidates", candidates);
        model.addAttribute("subscription", subscriptions.find(caller.org()).orElse(null));
        model.addAttribute("admin", caller.hasOrgRole(OrgRole.ADMIN));
        return "support/customer/contacts";
    }
}
