package io.gatehouse.platform.sync;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/** What a valid gateway token lets a session do: sync one control plane of one organization. */
public record TokenGrant(UUID tokenId, OrgId org, UUID controlPlaneId) {
}
