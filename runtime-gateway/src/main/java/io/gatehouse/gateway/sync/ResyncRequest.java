package io.gatehouse.gateway.sync;

/**
 * The gateway cannot use a delta (it does not hold the delta's base, or the result's hash differs) and
 * asks for a full snapshot.
 */
public record ResyncRequest(String reason) implements SyncMessage {
}
