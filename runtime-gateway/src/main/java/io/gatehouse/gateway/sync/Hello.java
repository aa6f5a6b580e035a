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
 * @param capabilities    optional protocol features the gateway understands (e.g. {@link #TRAFFIC_CAPABILITY});
 *                        an older control plane ignores the member
 */
public record Hello(
        @JsonProperty("protocol_version") int protocolVersion,
        @JsonProperty("node_id") String nodeId,
        String hostname,
        String version,
        List<String> plugins,
        long revision,
        String hash,
        List<String> capabilities) implements SyncMessage {

    /** The gateway ships {@link TrafficReport}s and understands {@link TrafficAck}. */
    public static final String TRAFFIC_CAPABILITY = "traffic_reports";

    public Hello {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        hash = hash == null ? "" : hash;
    }

    /** A hello without optional capabilities (what a gateway of protocol 1.0 sends). */
    public Hello(int protocolVersion, String nodeId, String hostname, String version, List<String> plugins,
            long revision, String hash) {
        this(protocolVersion, nodeId, hostname, version, plugins, revision, hash, List.of());
    }
}
