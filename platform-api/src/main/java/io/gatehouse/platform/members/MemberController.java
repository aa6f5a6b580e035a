package io.gatehouse.platform.members;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/organizations/{org}/members} and {@code …/invitations}. */
@ApiController("/api/v1/organizations/{org}")
class MemberController {

    record ChangeRole(@NotNull OrgRole role) {
    }

    record Invite(@NotBlank @Email @Size(max = 254) String email, @NotNull OrgRole role) {
    }

    private final Memberships memberships;
    private final Invitations invitations;
    private final CurrentCaller callers;

    MemberController(Memberships memberships, Invitations invitations, CurrentCaller callers) {
        this.memberships = memberships;
        this.invitations = invitations;
        this.callers = callers;
    }

    @GetMapping("/members")
    List<Member> members(@PathVariable String org) {
        return memberships.list(callers.requireOrgRole(OrgRole.VIEWER).org());
    }

    @PatchMapping("/members/{userId}")
    Member changeRole(@PathVariable String org, @PathVariable UUID userId, @Valid @RequestBody ChangeRole request) {
        return memberships.changeRole(callers.requireOrgRole(OrgRole.ADMIN).org(), userId, request.role());
    }

    @DeleteMapping("/members/{userId}")
    ResponseEntity<Void> remove(@PathVariable String org, @PathVariable UUID userId) {
        memberships.remove(callers.requireOrgRole(OrgRole.ADMIN).org(), userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/invitations")
    ResponseEntity<Invitation> invite(@PathVariable String org, @Valid @RequestBody Invite request) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        Invitation invitation = invitations.invite(caller.org(), request.email(), request.role(), caller.actor().name());
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + org + "/invitations/" + invitation.id()))
                .body(invitation);
    }

    @GetMapping("/invitations")
    List<Invitation> invitations(@PathVariable String org) {
        return invitations.list(callers.requireOrgRole(OrgRole.ADMIN).org());
    }

    @DeleteMapping("/invitations/{id}")
    Invitation revoke(@PathVariable String org, @PathVariable UUID id) {
        return invitations.revoke(callers.requireOrgRole(OrgRole.ADMIN).org(), id);
    }
}
