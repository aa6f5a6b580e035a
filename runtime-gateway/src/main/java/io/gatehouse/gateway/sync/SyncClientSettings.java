package io.gatehouse.gateway.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a gateway reaches its control plane.
 *
 * @param endpoint          {@code wss://host:8005/v1/sync} (or {@code ws://} where TLS is off)
 * @param token             the gateway token of the control plane ({@code gh_gwt_…}); may be {@code null} when the
 *                          gateway authenticates with a client certificate instead
 * @param trustedCertificate a PEM file with the certificate (or CA) to trust for {@code wss}; {@code null}
 *                          trusts the JVM's default CAs
 * @param nodeId            this node's stable id
 * @param hostname          this node's host name
 * @param version           the gateway software version
 * @param plugins           the plugins this gateway can run
 * @param cacheDirectory    where the last applied config is kept
 * @param heartbeatInterval how often to send a heartbeat (default 30 s)
 * @param initialBackoff    the first reconnect delay (default 1 s)
 * @param maxBackoff        the longest reconnect delay (default 60 s)
 * @param clientCertificate a PEM client certificate pinned to the control plane, presented in the TLS handshake
 *                          instead of a token ({@code wss} only); {@code null} for none
 * @param clientKey         its PEM (PKCS#8) private key
 */
public record SyncClientSettings(
        URI endpoint,
        String token,
        Path trustedCertificate,
        String nodeId,
        String hostname,
        String version,
        List<String> plugins,
        Path cacheDirectory,
        Duration heartbeatInterval,
        Duration initialBackoff,
        Duration maxBackoff,
        Path clientCertificate,
        Path clientKey) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    public SyncClientSettings {
        if (endpoint == null || !("ws".equals(endpoint.getScheme()) || "wss".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("the sync endpoint must be a ws:// or wss:// URI, got " + endpoint);
        }
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its private key, and a key its certificate");
        }
        if (clientCertificate != null && !"wss".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("a client certificate needs a wss:// endpoint");
        }
        if (token == null && clientCertificate == null) {
            throw new IllegalArgumentException("a gateway token or a client certificate is required");
        }
        if (token != null && !token.startsWith(SyncProtocol.TOKEN_PREFIX)) {
            throw new IllegalArgumentException("the gateway token must start with " + SyncProtocol.TOKEN_PREFIX);
        }
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a node id is required");
        }
        if (cacheDirectory == null) {
            throw new IllegalArgumentException("a cache directory is required");
        }
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        hostname = hostname == null ? "" : hostname;
        version = version == null ? "" : version;
        heartbeatInterval = positiveOr(heartbeatInterval, DEFAULT_HEARTBEAT_INTERVAL);
        initialBackoff = positiveOr(initialBackoff, DEFAULT_INITIAL_BACKOFF);
        maxBackoff = positiveOr(maxBackoff, DEFAULT_MAX_BACKOFF);
    }

    /** Settings of a gateway that authenticates with a token. */
    public SyncClientSettings(URI endpoint, String token, Path trustedCertificate, String nodeId, String hostname,
            String version, List<String> plugins, Path cacheDirectory, Duration heartbeatInterval, Duration initialBackoff,
            Duration maxBackoff) {
        this(endpoint, token, trustedCertificate, nodeId, hostname, version, plugins, cacheDirectory, heartbeatInterval,
                initialBackoff, maxBackoff, null, null);
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
