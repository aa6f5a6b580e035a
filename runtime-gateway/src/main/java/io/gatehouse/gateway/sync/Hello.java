package io.gatehouse.gateway.sync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The gateway's first message: who it is and what it holds. {@code revision} 0 and an empty
 * {@code hash} mean it holds nothing.
 *
 * @param protocolVersion the protocol version the gateway speaks ({@link SyncProtocol#VERSION})
 * @param nodeId          a stable id of this gateway node (kept across restarts)
 * @param hostname        the node's host name, for people
 * @param version         the gateway software version
 * @param plugins         the plugins this gateway can run
 * @param revision        the revision of the config it holds
 * @param hash            the {@link io.gatehouse.gateway.config.ConfigHash} of the config it holds
 */
public record Hello(
        @JsonProperty("protocol_version") int protocolVersion,
        @JsonProperty("node_id") String nodeId,
        String hostname,
        String version,
        List<String> plugins,
        long revision,
        String hash) implements SyncMessage {

    public Hello {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        hash = hash == null ? "" : hash;
    }
}
