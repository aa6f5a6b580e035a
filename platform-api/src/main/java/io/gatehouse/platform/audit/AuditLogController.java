package io.gatehouse.platform.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/organizations/{org}/audit-log}: the organization's audit trail, newest first (admins only). */
@ApiController("/api/v1/organizations/{org}/audit-log")
@Validated
class AuditLogController {

    record AuditPage(List<AuditEvent> items, int page, int size, long totalItems, int totalPages) {
    }

    private final AuditLog audit;
    private final CurrentCaller callers;

    AuditLogController(AuditLog audit, CurrentCaller callers) {
        this.audit = audit;
        this.callers = callers;
    }

    @GetMapping
    AuditPage search(@PathVariable String org,
            @RequestParam(name = "entity_type", required = false) @Size(max = 64) String entityType,
            @RequestParam(name = "entity_id", required = false) @Size(max = 128) String entityId,
            @RequestParam(required = false) @Size(max = 32) String action,
            @RequestParam(required = false) @Size(max = 254) String actor,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        var caller = callers.requireOrgRole(OrgRole.ADMIN);
        Page<AuditEvent> result = audit.search(caller.org(),
                new AuditQuery(entityType, entityId, action, actor, from, to), PageRequest.of(page, size));
        return new AuditPage(result.getContent(), page, size, result.getTotalElements(), result.getTotalPages());
    }
}
