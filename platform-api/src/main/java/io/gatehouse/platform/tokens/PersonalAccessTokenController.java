package io.gatehouse.platform.tokens;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/personal-access-tokens}: the calling user's own tokens. */
@ApiController("/api/v1/personal-access-tokens")
class PersonalAccessTokenController {

    record CreateToken(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 63) String organization,
            @NotNull OrgRole role, @NotNull @Min(1) @Max(366) Integer expiresInDays) {
    }

    private final PersonalAccessTokens tokens;
    private final Organizations organizations;
    private final TenantScopes scopes;
    private final CurrentCaller callers;

    PersonalAccessTokenController(PersonalAccessTokens tokens, Organizations organizations, TenantScopes scopes,
            CurrentCaller callers) {
        this.tokens = tokens;
        this.organizations = organizations;
        this.scopes = scopes;
        this.callers = callers;
    }

    @PostMapping
    ResponseEntity<IssuedToken> create(@Valid @RequestBody CreateToken request) {
        Caller caller = callers.get();
        if (caller.userId() == null) {
            throw new io.gatehouse.platform.shared.errors.ForbiddenException("Only users have personal access tokens.");
        }
        Organization org = scopes.call(TenantScope.user(caller.userId()), () -> organizations.find(request.organization()))
                .orElseThrow(() -> new NotFoundException("organization", request.organization()));
        IssuedToken issued = tokens.create(caller, org.orgId(), request.name(), request.role(),
                Duration.ofDays(request.expiresInDays()));
        return ResponseEntity.created(URI.create("/api/v1/personal-access-tokens/" + issued.details().id()))
                .body(issued);
    }

    @GetMapping
    List<PersonalAccessToken> list() {
        return tokens.list(callers.get());
    }

    @DeleteMapping("/{id}")
    PersonalAccessToken revoke(@PathVariable UUID id) {
        return tokens.revoke(callers.get(), id);
    }
}
