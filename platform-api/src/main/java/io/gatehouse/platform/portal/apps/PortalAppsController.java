package io.gatehouse.platform.portal.apps;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;
import io.gatehouse.platform.tenancy.OrgId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The console's side of developers' applications: {@code /api/v1/organizations/{org}/portal/applications}
 * (read, credentials, revoke a credential) and {@code …/portal/registrations} (list, approve, reject with a
 * reason, revoke). Reads need VIEWER, decisions ADMIN.
 */
@ApiController("/api/v1/organizations/{org}/portal")
@Tag(name = "Developer portal")
class PortalAppsController {

    private final Applications applications;
    private final Registrations registrations;
    private final Credentials credentials;
    private final CurrentCaller caller;

    PortalAppsController(Applications applications, Registrations registrations, Credentials credentials,
            CurrentCaller caller) {
        this.applications = applications;
        this.registrations = registrations;
        this.credentials = credentials;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ApplicationJson(UUID id, UUID developerId, String name, String description, Instant createdAt,
            Instant updatedAt) {
        static ApplicationJson of(Application a) {
            return new ApplicationJson(a.id(), a.developerId(), a.name(), a.description(), a.createdAt(), a.updatedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RegistrationJson(UUID id, UUID applicationId, String applicationName, UUID developerId, UUID productId,
            String productName, UUID versionId, String versionName, UUID planId, String planName, String status,
            String reason, Instant requestedAt, Instant decidedAt, String decidedBy) {
        static RegistrationJson of(Registration r) {
            return new RegistrationJson(r.id(), r.applicationId(), r.applicationName(), r.developerId(), r.productId(),
                    r.productName(), r.versionId(), r.versionName(), r.planId(), r.planName(), r.status().wireName(),
                    r.reason(), r.requestedAt(), r.decidedAt(), r.decidedBy());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CredentialJson(UUID id, UUID applicationId, String kind, String displayPrefix, String clientId,
            Instant createdAt, Instant expiresAt, Instant revokedAt, UUID replacedBy) {
        static CredentialJson of(Credential c) {
            return new CredentialJson(c.id(), c.applicationId(), c.kind().wireName(), c.displayPrefix(), c.clientId(),
                    c.createdAt(), c.expiresAt(), c.revokedAt(), c.replacedBy());
        }
    }

    record ReasonBody(String reason) {
    }

    record Listing<T>(List<T> data) {
    }

    @GetMapping("/applications")
    @Operation(summary = "List every application of the portal's developers")
    Listing<ApplicationJson> applications(@PathVariable String org) {
        return new Listing<>(applications.all(viewer()).stream().map(ApplicationJson::of).toList());
    }

    @GetMapping("/applications/{application}")
    @Operation(summary = "Read an application")
    ApplicationJson application(@PathVariable String org, @PathVariable UUID application) {
        return ApplicationJson.of(applications.get(viewer(), application));
    }

    @GetMapping("/applications/{application}/registrations")
    @Operation(summary = "An application's registrations")
    Listing<RegistrationJson> applicationRegistrations(@PathVariable String org, @PathVariable UUID application) {
        return new Listing<>(registrations.forApplication(viewer(), application).stream().map(RegistrationJson::of).toList());
    }

    @GetMapping("/applications/{application}/credentials")
    @Operation(summary = "An application's credentials (never the secrets)")
    Listing<CredentialJson> applicationCredentials(@PathVariable String org, @PathVariable UUID application) {
        return new Listing<>(credentials.forApplication(viewer(), application).stream().map(CredentialJson::of).toList());
    }

    @DeleteMapping("/applications/{application}/credentials/{credential}")
    @Operation(summary = "Revoke a credential; calls with it get 401 within seconds")
    CredentialJson revokeCredential(@PathVariable String org, @PathVariable UUID application,
            @PathVariable UUID credential) {
        OrgId orgId = admin();
        boolean belongs = credentials.forApplication(orgId, application).stream()
                .anyMatch(existing -> existing.id().equals(credential));
        if (!belongs) {
            throw new io.gatehouse.platform.shared.errors.NotFoundException("credential", credential);
        }
        return CredentialJson.of(credentials.revoke(orgId, credential));
    }

    @GetMapping("/registrations")
    @Operation(summary = "List registrations, optionally by status (pending, approved, rejected, revoked)")
    Listing<RegistrationJson> registrations(@PathVariable String org, @RequestParam(required = false) String status) {
        OrgId orgId = viewer();
        RegistrationStatus filter;
        try {
            filter = status == null || status.isBlank() ? null : RegistrationStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("status", "must be pending, approved, rejected or revoked");
        }
        return new Listing<>(registrations.list(orgId, filter).stream().map(RegistrationJson::of).toList());
    }

    @GetMapping("/registrations/{registration}")
    @Operation(summary = "Read a registration")
    RegistrationJson registration(@PathVariable String org, @PathVariable UUID registration) {
        return RegistrationJson.of(registrations.get(viewer(), registration));
    }

    @PostMapping("/registrations/{registration}/approve")
    @Operation(summary = "Approve a pending registration (the developer is mailed)")
    RegistrationJson approve(@PathVariable String org, @PathVariable UUID registration) {
        return RegistrationJson.of(registrations.approve(admin(), registration));
    }

    @PostMapping("/registrations/{registration}/reject")
    @Operation(summary = "Reject a pending registration with a reason (the developer is mailed)")
    RegistrationJson reject(@PathVariable String org, @PathVariable UUID registration,
            @RequestBody(required = false) ReasonBody body) {
        return RegistrationJson.of(registrations.reject(admin(), registration, body == null ? null : body.reason()));
    }

    @PostMapping("/registrations/{registration}/revoke")
    @Operation(summary = "Revoke a registration; the application's calls get 403 within seconds")
    RegistrationJson revoke(@PathVariable String org, @PathVariable UUID registration,
            @RequestBody(required = false) ReasonBody body) {
        return RegistrationJson.of(registrations.revoke(admin(), registration, body == null ? null : body.reason()));
    }

    private OrgId viewer() {
        return caller.requireOrgRole(OrgRole.VIEWER).org();
    }

    private OrgId admin() {
        return caller.requireOrgRole(OrgRole.ADMIN).org();
    }
}
