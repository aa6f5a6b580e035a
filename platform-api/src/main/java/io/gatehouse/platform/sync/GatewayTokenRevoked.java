package io.gatehouse.platform.sync;

import java.util.UUID;

/** Published when a gateway token is revoked; after commit the hub closes the token's live sessions. */
public record GatewayTokenRevoked(UUID tokenId, UUID controlPlaneId) {
}
