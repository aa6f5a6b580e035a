package io.gatehouse.gateway.sync;

import java.util.List;

/**
 * The whole config of a control plane at {@code revision}; replaces whatever the gateway holds.
 *
 * @param revision the control plane's revision this config is
 * @param hash     the {@link io.gatehouse.gateway.config.ConfigHash} of {@code config}
 * @param config   every entity, in no particular order
 */
public record Snapshot(long revision, String hash, List<SyncEntity> config) implements SyncMessage {

    public Snapshot {
        config = config == null ? List.of() : List.copyOf(config);
    }
}
