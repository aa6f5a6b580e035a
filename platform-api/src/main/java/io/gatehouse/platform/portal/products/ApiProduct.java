package io.gatehouse.platform.portal.products;

import java.time.Instant;
import java.util.UUID;

/** An API product of an organization: what its portal lists; developers register for one of its versions. */
public record ApiProduct(UUID id, String slug, String name, String description, Instant createdAt, Instant updatedAt) {
}
