package io.gatehouse.gateway.sync;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message of the config sync protocol (docs/SYNC_PROTOCOL.md), sent as one WebSocket text frame of
 * JSON with a {@code type} member. Gateway to control plane: {@link Hello}, {@link Ack}, {@link Nack},
 * {@link Heartbeat}, {@link ResyncRequest}, {@link TrafficReport}; control plane to gateway: {@link Snapshot},
 * {@link Delta}, {@link TrafficAck}.
 * These records are shared by both sides and carry no framework types.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Snapshot.class, name = "snapshot"),
        @JsonSubTypes.Type(value = Delta.class, name = "delta"),
        @JsonSubTypes.Type(value = Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = Nack.class, name = "nack"),
        @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = ResyncRequest.class, name = "resync"),
        @JsonSubTypes.Type(value = TrafficReport.class, name = "traffic_report"),
        @JsonSubTypes.Type(value = TrafficAck.class, name = "traffic_ack") })
public sealed interface SyncMessage
        permits Hello, Snapshot, Delta, Ack, Nack, Heartbeat, ResyncRequest, TrafficReport, TrafficAck {
}
