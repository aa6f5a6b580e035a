package io.gatehouse.platform.portal.products;

import java.time.Instant;
import java.util.UUID;

/** A markdown documentation page of a product version, ordered by {@code position} then slug. */
public record DocPage(UUID id, UUID versionId, String slug, String title, String markdown, int position,
        Instant updatedAt) {
}
