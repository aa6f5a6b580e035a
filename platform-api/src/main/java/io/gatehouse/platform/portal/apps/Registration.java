package io.gatehouse.platform.portal.apps;

import java.time.Instant;
import java.util.UUID;

/**
 * An application's access to a product version under a plan, with the names pages show.
 *
 * @param reason    why it was rejected or revoked, or null
 * @param decidedBy who approved, rejected or revoked it ({@code "auto"} for auto-approval), or null
 */
public record Registration(UUID id, UUID applicationId, String applicationName, UUID developerId, UUID productId,
        String productName, UUID versionId, String versionName, UUID planId, String planName, RegistrationStatus status,
        String reason, Instant requestedAt, Instant decidedAt, String decidedBy) {
}
