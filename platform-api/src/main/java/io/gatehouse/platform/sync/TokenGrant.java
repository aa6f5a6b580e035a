package io.gatehouse.platform.sync;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * What a valid gateway credential lets a session do: sync one control plane of one organization.
 *
 * @param tokenId the id of the gateway token, or of the pinned client certificate, that authenticated the session
 */
public record TokenGrant(UUID tokenId, OrgId org, UUID controlPlaneId) {
}
