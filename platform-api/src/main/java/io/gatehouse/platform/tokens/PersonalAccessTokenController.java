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
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code /api/v1/personal-access-tokens}: the calling user's own tokens. With {@code organization} and
 * {@code role} an org token; with {@code platformRole} instead (platform staff only) a staff token.
 */
@ApiController("/api/v1/personal-access-tokens")
class PersonalAccessTokenController {

    record CreateToken(@NotBlank @Size(max = 100) String name, @Size(max = 63) String organization,
            OrgRole role, PlatformRole platformRole, @NotNull @Min(1) @Max(366) Integer expiresInDays) {
    }

    private final PersonalAccessTokens tokens;
    private final Organizations organizations;
    private final TenantScopes scopes;
    private final CurrentCaller callers;
    private final Validator validator;

    PersonalAccessTokenController(PersonalAccessTokens tokens, Organizations organizations, TenantScopes scopes,
            CurrentCaller callers, Validator validator) {
        this.tokens = tokens;
        this.organizations = organizations;
        this.scopes = scopes;
        this.callers = callers;
        this.validator = validator;
    }

    @PostMapping
    ResponseEntity<IssuedToken> create(@RequestBody CreateToken request) {
        // Validated by hand, so that a bad staff or org token names every missing field in one answer.
        List<FieldViolation> violations = new java.util.ArrayList<>();
        validator.validate(request).forEach(v -> violations.add(new FieldViolation(v.getPropertyPath().toString(), v.getMessage())));
        if (request.platformRole() == null) {
            if (request.organization() == null || request.organization().isBlank()) {
                violations.add(new FieldViolation("organization", "must not be blank"));
            }
            if (request.role() == null) {
                violations.add(new FieldViolation("role", "must not be null"));
            }
        } else if (request.organization() != null || request.role() != null) {
            violations.add(new FieldViolation("platformRole", "give either platformRole (a staff token) or organization"
                    + " and role (an organization's token), not both"));
        }
        if (!violations.isEmpty()) {
            violations.sort(java.util.Comparator.comparing(FieldViolation::field));
            throw new InvalidInputException("The token is not valid", violations);
        }
        Caller caller = callers.get();
        if (caller.userId() == null) {
            throw new io.gatehouse.platform.shared.errors.ForbiddenException("Only users have personal access tokens.");
        }
        if (request.platformRole() != null) {
            IssuedToken issued = tokens.createStaff(caller, request.name(), request.platformRole(),
                    Duration.ofDays(request.expiresInDays()));
            return ResponseEntity.created(URI.create("/api/v1/personal-access-tokens/" + issued.details().id()))
                    .body(issued);
        }
        Organization org = scopes.call(TenantScope.user(caller.userId()), () -> organizations.find(request.organization()))
                .orElseThrow(() -> new NotFoundException("organization", request.organization()));
        // A token may mint tokens only within its own reach: its organization, at most its role.
        if (caller.org() != null && !caller.org().equals(org.orgId())) {
            throw new NotFoundException("organization", request.organization());
        }
        if (caller.role() != null && !caller.role().includes(request.role())) {
            throw InvalidInputException.field("role", "must not exceed the role of the token you call with ("
                    + caller.role() + ")");
        }
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
