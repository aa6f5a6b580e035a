package io.gatehouse.platform.oauth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/organizations/{org}/system-accounts}: machine identities of the organization (admins only). */
@ApiController("/api/v1/organizations/{org}/system-accounts")
class SystemAccountController {

    record CreateSystemAccount(@NotBlank @Size(max = 100) String name, @NotNull OrgRole role) {
    }

    private final SystemAccounts accounts;
    private final CurrentCaller callers;

    SystemAccountController(SystemAccounts accounts, CurrentCaller callers) {
        this.accounts = accounts;
        this.callers = callers;
    }

    @PostMapping
    ResponseEntity<CreatedSystemAccount> create(@PathVariable String org, @Valid @RequestBody CreateSystemAccount request) {
        CreatedSystemAccount created = accounts.create(callers.requireOrgRole(OrgRole.ADMIN).org(), request.name(),
                request.role());
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + org + "/system-accounts/"
                + created.account().id())).body(created);
    }

    @GetMapping
    List<SystemAccount> list(@PathVariable String org) {
        return accounts.list(callers.requireOrgRole(OrgRole.ADMIN).org());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String org, @PathVariable UUID id) {
        accounts.delete(callers.requireOrgRole(OrgRole.ADMIN).org(), id);
        return ResponseEntity.noContent().build();
    }
}
