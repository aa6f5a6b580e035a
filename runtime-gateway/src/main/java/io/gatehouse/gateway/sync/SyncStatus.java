package io.gatehouse.gateway.sync;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a gateway's {@code /status} shows about config sync.
 *
 * @param connection   whether the gateway is connected to its control plane
 * @param revision     the revision it serves (0: none)
 * @param hash         the hash of the config it serves
 * @param source       where the served config came from: {@code none}, {@code cache} or {@code control_plane}
 * @param lastSyncAt   when it last applied a config from the control plane, or {@code null}
 * @param lastError    the last sync problem (a NACK, a close reason, a dial failure), or {@code null}
 */
public record SyncStatus(
        Connection connection,
        long revision,
        String hash,
        String source,
        @JsonProperty("last_sync_at") Instant lastSyncAt,
        @JsonProperty("last_error") String lastError) {

    /** The state of the link to the control plane. */
    public enum Connection {
        /** Dialing, or waiting for the back-off before the next dial. */
        DISCONNECTED,
        /** The WebSocket is open and hello was sent. */
        CONNECTED
    }
}
