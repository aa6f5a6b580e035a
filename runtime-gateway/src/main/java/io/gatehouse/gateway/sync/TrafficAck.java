package io.gatehouse.gateway.sync;

/**
 * Control plane → gateway: the traffic report {@code seq} of the session's stream is stored (committed).
 * Right after a hello that lists the {@link Hello#TRAFFIC_CAPABILITY}, the control plane sends {@code seq} 0,
 * which acknowledges nothing and tells the gateway it may send reports.
 */
public record TrafficAck(String stream, long seq) implements SyncMessage {
}
