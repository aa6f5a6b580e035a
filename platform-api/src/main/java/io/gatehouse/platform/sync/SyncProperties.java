package io.gatehouse.platform.sync;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sync hub ({@code gatehouse.sync.*}; the port also as {@code GATEHOUSE_SYNC_PORT}).
 *
 * @param enabled           whether this replica runs the sync listener
 * @param host              the address the listener binds
 * @param port              its port (0: an ephemeral one, for tests)
 * @param tls               TLS of the listener
 * @param heartbeatInterval how often gateways are expected to send a heartbeat
 * @param heartbeatTimeout  silence after which a session is closed (default: three intervals)
 * @param nodeStaleAfter    a node not seen for this long is shown as stale
 * @param nodePurgeAfter    a node not seen for this long is removed from the registry
 * @param maxDeltaChanges   a gateway further behind than this many changes gets a snapshot instead of a delta
 * @param nodeErrorHistory  how many sync errors (NACKs, incompatibilities) the registry keeps per node
 */
@ConfigurationProperties("gatehouse.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("8005") int port,
        @DefaultValue Tls tls,
        @DefaultValue("30s") Duration heartbeatInterval,
        Duration heartbeatTimeout,
        @DefaultValue("90s") Duration nodeStaleAfter,
        @DefaultValue("14d") Duration nodePurgeAfter,
        @DefaultValue("10000") int maxDeltaChanges,
        @DefaultValue("20") int nodeErrorHistory) {

    public SyncProperties {
        if (heartbeatTimeout == null) {
            heartbeatTimeout = heartbeatInterval.multipliedBy(3);
        }
    }

    /**
     * TLS of the sync listener. With neither certificate nor key configured, a self-signed certificate is
     * generated on first start and kept in {@code directory} ({@code sync-cert.pem} is the file gateways pin).
     *
     * @param enabled     {@code false} only for tests and local work
     * @param certificate a PEM certificate chain
     * @param privateKey  its PEM (PKCS#8) private key
     * @param directory   where a generated certificate is kept
     * @param hostnames   the DNS names a generated certificate is valid for (besides localhost and 127.0.0.1)
     */
    public record Tls(@DefaultValue("true") boolean enabled, Path certificate, Path privateKey,
            @DefaultValue("data/sync-tls") Path directory, @DefaultValue("localhost") java.util.List<String> hostnames) {
    }
}
