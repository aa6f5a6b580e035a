package io.gatehouse.platform.portal.apps;

import java.time.Instant;
import java.util.UUID;

/** An application of a developer: what registrations and credentials belong to. */
public record Application(UUID id, UUID developerId, String name, String description, Instant createdAt,
        Instant updatedAt) {
}
