package io.gatehouse.platform.portal.products;

import java.time.Instant;
import java.util.UUID;

/**
 * An access plan of a product version: how applications authenticate, whether registrations need approval,
 * and an optional limit of requests per minute per application.
 */
public record AccessPlan(UUID id, UUID versionId, String name, String description, PlanAuth auth, Approval approval,
        Integer rateLimitPerMinute, Instant createdAt) {
}
