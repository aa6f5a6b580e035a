package io.gatehouse.gateway.sync;

/** Sent by the gateway every heartbeat interval: the revision and hash it serves. */
public record Heartbeat(long revision, String hash) implements SyncMessage {
}
