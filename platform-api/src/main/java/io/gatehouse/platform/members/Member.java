package io.gatehouse.platform.members;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;

/** A member of an organization as shown in lists: the user and their role. */
public record Member(UUID userId, String email, String name, OrgRole role, Instant since) {
}
