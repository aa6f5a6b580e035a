package io.gatehouse.platform.members;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.tenancy.OrgId;

/** An invitation to join an organization, as shown to its admins. */
public record Invitation(UUID id, OrgId org, String email, OrgRole role, String invitedBy, Instant createdAt,
        Instant expiresAt, Status status) {

    public enum Status { PENDING, ACCEPTED, EXPIRED, REVOKED }
}
