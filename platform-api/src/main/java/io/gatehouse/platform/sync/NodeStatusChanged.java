package io.gatehouse.platform.sync;

import java.util.UUID;

/**
 * A gateway node of a control plane connected, acknowledged or rejected a revision, became incompatible,
 * disconnected or was forgotten. Published on every replica (carried by the change notification channel), on
 * the replica's notification thread, after the change committed: listeners must return quickly and read the
 * registry themselves for what changed. Heartbeats are not announced.
 */
public record NodeStatusChanged(UUID controlPlaneId, String nodeId) {
}
