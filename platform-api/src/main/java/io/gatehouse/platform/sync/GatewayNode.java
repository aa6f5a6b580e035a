package io.gatehouse.platform.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A gateway node of a control plane as the registry knows it.
 *
 * @param id             the node's self-chosen id
 * @param revision       the revision it last acknowledged (or reported in hello)
 * @param configHash     the hash of the config it serves
 * @param status         where it stands against the control plane's current revision
 * @param syncError      the error of its last NACK, or why it is incompatible
 * @param connectedSince when its current session began, or {@code null} when it is not connected
 * @param lastSeen       the last message from it
 * @param stale          whether it has been silent longer than the stale threshold
 */
public record GatewayNode(String id, UUID controlPlaneId, String hostname, String ip, String version,
        int protocolVersion, List<String> plugins, long revision, String configHash, NodeSyncStatus status,
        String syncError, Instant firstSeen, Instant connectedSince, Instant lastSeen, boolean stale) {
}
