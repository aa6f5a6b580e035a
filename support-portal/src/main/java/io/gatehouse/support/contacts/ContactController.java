package io.gatehouse.support.contacts;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Customer contacts: org admins designate and remove them in their organization; support staff set or clear
 * "training required".
 */
@ApiController
class ContactController {

    private final CustomerContacts contacts;
    private final CurrentCaller callers;

    ContactController(CustomerContacts contacts, CurrentCaller callers) {
        this.contacts = contacts;
        this.callers = callers;
    }

    record Designation(UUID userId) {
    }

    record Training(Boolean required) {
    }

    @GetMapping("/api/v1/organizations/{org}/support/contacts")
    List<Contact> list() {
        return contacts.list(callers.requireOrgRole(OrgRole.VIEWER).org());
    }

    @PostMapping("/api/v1/organizations/{org}/support/contacts")
    @ResponseStatus(HttpStatus.CREATED)
    Contact designate(@RequestBody Designation designation) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        if (designation.userId() == null) {
            throw InvalidInputException.field("userId", "Choose a member of the organization.");
        }
        return contacts.designate(caller.org(), designation.userId());
    }

    @DeleteMapping("/api/v1/organizations/{org}/support/contacts/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID userId) {
        contacts.remove(callers.requireOrgRole(OrgRole.ADMIN).org(), userId);
    }

    @PutMapping("/api/v1/support/staff/organizations/{orgId}/contacts/{userId}/training")
    Contact training(@PathVariable UUID orgId, @PathVariable UUID userId, @RequestBody Training training) {
        callers.requirePlatformRole(PlatformRole.SUPPORT_ENGINEER, PlatformRole.PLATFORM_ADMIN);
        if (training.required() == null) {
            throw InvalidInputException.field("required", "Say whether training is required (true) or not (false).");
        }
        return contacts.setTrainingRequired(new OrgId(orgId), userId, training.required());
    }
}
