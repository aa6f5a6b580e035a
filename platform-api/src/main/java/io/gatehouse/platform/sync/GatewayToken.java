package io.gatehouse.platform.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway token of a control plane, as listed (the token itself is shown once, at creation).
 *
 * @param displayPrefix the first characters of the token, to tell tokens apart
 */
public record GatewayToken(UUID id, UUID controlPlaneId, String name, String displayPrefix, Instant createdAt,
        String createdBy, Instant lastUsedAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
