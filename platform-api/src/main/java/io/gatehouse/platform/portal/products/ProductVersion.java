package io.gatehouse.platform.portal.products;

import java.time.Instant;
import java.util.UUID;

/**
 * A version of an API product, linked to one gateway service of one of the organization's control planes.
 *
 * @param openApiSource the URL the document was fetched from, {@code "upload"}, or null when it has none
 * @param openApiTitle  {@code info.title} of the document, or null
 */
public record ProductVersion(UUID id, UUID productId, String name, UUID controlPlaneId, UUID serviceId,
        VersionStatus status, Instant sunsetAt, String openApiSource, String openApiTitle, boolean hasOpenApi,
        Instant createdAt, Instant updatedAt) {
}
