package io.gatehouse.platform.portal.developers;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.tenancy.OrgId;

/** A developer of one organization's portal: an identity apart from console users. */
public record Developer(UUID id, OrgId org, String email, String name, DeveloperStatus status, Instant emailVerifiedAt,
        Instant createdAt, Instant updatedAt) {

    /** How the audit log names this developer. */
    public Actor actor() {
        return new Actor(Actor.Type.DEVELOPER, id.toString(), email);
    }

    public boolean active() {
        return status == DeveloperStatus.ACTIVE;
    }
}
