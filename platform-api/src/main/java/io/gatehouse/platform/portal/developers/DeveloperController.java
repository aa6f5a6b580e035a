package io.gatehouse.platform.portal.developers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

/** {@code /api/v1/organizations/{org}/portal/developers}: the portal's developers, for its admins. */
@ApiController("/api/v1/organizations/{org}/portal/developers")
@Tag(name = "Developer portal")
class DeveloperController {

    private final Developers developers;
    private final CurrentCaller caller;

    DeveloperController(Developers developers, CurrentCaller caller) {
        this.developers = developers;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DeveloperJson(UUID id, String email, String name, String status, Instant emailVerifiedAt, Instant createdAt,
            Instant updatedAt) {
        static DeveloperJson of(Developer d) {
            return new DeveloperJson(d.id(), d.email(), d.name(), d.status().wireName(), d.emailVerifiedAt(),
                    d.createdAt(), d.updatedAt());
        }
    }

    record ReasonBody(String reason) {
    }

    record Listing(List<DeveloperJson> data) {
    }

    @GetMapping
    @Operation(summary = "List the portal's developers, optionally by status")
    Listing list(@PathVariable String org, @RequestParam(required = false) String status) {
        OrgId orgId = caller.requireOrgRole(OrgRole.VIEWER).org();
        DeveloperStatus filter;
        try {
            filter = status == null || status.isBlank() ? null : DeveloperStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("status", "must be unverified, pending, active, rejected or suspended");
        }
        return new Listing(developers.list(orgId, filter).stream().map(DeveloperJson::of).toList());
    }

    @GetMapping("/{developer}")
    @Operation(summary = "Read a developer")
    DeveloperJson get(@PathVariable String org, @PathVariable UUID developer) {
        return DeveloperJson.of(developers.get(caller.requireOrgRole(OrgRole.VIEWER).org(), developer));
    }

    @PostMapping("/{developer}/approve")
    @Operation(summary = "Approve a pending developer (mailed)")
    DeveloperJson approve(@PathVariable String org, @PathVariable UUID developer) {
        return DeveloperJson.of(developers.approve(admin(), developer));
    }

    @PostMapping("/{developer}/reject")
    @Operation(summary = "Reject a pending developer with a reason (mailed)")
    DeveloperJson reject(@PathVariable String org, @PathVariable UUID developer, @RequestBody(required = false) ReasonBody body) {
        return DeveloperJson.of(developers.reject(admin(), developer, body == null ? null : body.reason()));
    }

    @PostMapping("/{developer}/suspend")
    @Operation(summary = "Suspend a developer: no sign-in, their credentials stop working at the gateways")
    DeveloperJson suspend(@PathVariable String org, @PathVariable UUID developer) {
        return DeveloperJson.of(developers.suspend(admin(), developer));
    }

    @PostMapping("/{developer}/reinstate")
    @Operation(summary = "Reinstate a suspended developer")
    DeveloperJson reinstate(@PathVariable String org, @PathVariable UUID developer) {
        return DeveloperJson.of(developers.reinstate(admin(), developer));
    }

    private OrgId admin() {
        return caller.requireOrgRole(OrgRole.ADMIN).org();
    }
}
