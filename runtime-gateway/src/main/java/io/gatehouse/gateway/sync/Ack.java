package io.gatehouse.gateway.sync;

/** The gateway applied the config at {@code revision}, whose hash it computed as {@code hash}. */
public record Ack(long revision, String hash) implements SyncMessage {
}
