package io.gatehouse.platform.portal.products;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/** Published (synchronously, in the writing transaction) when a product version changes status. */
public record VersionStatusChanged(OrgId org, UUID versionId, VersionStatus from, VersionStatus to) {
}
