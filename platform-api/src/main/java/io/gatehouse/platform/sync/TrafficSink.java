package io.gatehouse.platform.sync;

import io.gatehouse.gateway.sync.TrafficReport;

/**
 * Where the sync hub hands the traffic reports gateways send (implemented by platform-api {@code analytics}).
 * Without a sink the hub does not announce that it takes reports, so gateways keep them.
 */
public interface TrafficSink {

    /**
     * Stores one report of gateway {@code nodeId} of the grant's control plane, at most once per
     * (control plane, node, stream, seq): storing a report again is a no-op. Returns once the report is
     * committed, which is when the hub acknowledges it; throws when it could not be stored (no ack, so the
     * gateway sends it again after its next reconnect).
     */
    void store(TokenGrant grant, String nodeId, TrafficReport report);
}
