package io.gatehouse.platform.sync;

import java.time.Instant;

/**
 * One sync error of a gateway node, as the registry keeps them (newest first, bounded per node).
 *
 * @param revision   the revision the gateway refused ({@code nack}) or could not run ({@code incompatible})
 * @param kind       {@code nack} or {@code incompatible}
 * @param error      the gateway's error with its details, or why the node is incompatible
 * @param occurredAt when the hub received it
 */
public record NodeSyncError(long revision, String kind, String error, Instant occurredAt) {
}
