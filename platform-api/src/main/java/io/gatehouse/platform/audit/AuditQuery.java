package io.gatehouse.platform.audit;

import java.time.Instant;

/** Filters of the audit log; every field is optional. */
public record AuditQuery(String entityType, String entityId, String action, String actorName,
        Instant from, Instant to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null);
    }
}
