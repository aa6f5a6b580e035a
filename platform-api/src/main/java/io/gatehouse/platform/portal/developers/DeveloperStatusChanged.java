package io.gatehouse.platform.portal.developers;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/** Published synchronously, in the writing transaction, when an admin changes a developer's status. */
public record DeveloperStatusChanged(OrgId org, UUID developerId, DeveloperStatus from, DeveloperStatus to) {
}
