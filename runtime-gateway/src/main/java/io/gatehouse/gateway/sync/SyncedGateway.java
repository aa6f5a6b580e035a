package io.gatehouse.gateway.sync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.analytics.TrafficSettings;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.plugins.ratelimit.RedisCounters;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.server.CertificateStore;
import io.gatehouse.gateway.server.GatewayServer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.status.StatusServer;

/**
 * The gateway in hybrid mode: its config comes from a control plane over config sync instead of a file.
 * {@link io.gatehouse.gateway.GatewayApplication#main} starts it when the command line names a control plane:
 * <pre>
 * java -jar gatehouse-gateway.jar \
 *     --control-plane wss://cp.example.com:8005/v1/sync --token gh_gwt_… --trust sync-cert.pem \
 *     [--cache-dir data/gateway] [--node-id …] [--host 0.0.0.0] [--port 8000] [--status-port 8100] [--tls-port 8443]
 *     [--heartbeat-seconds 30] [--max-backoff-seconds 60]
 *     [--analytics true] [--analytics-max-keys 2000] [--analytics-max-reports 720]
 * </pre>
 * Instead of a token, {@code --cert client.pem --key client-key.pem} present a client certificate pinned to the
 * control plane. With analytics on (the default) the gateway aggregates its traffic ({@link TrafficRecorder}) and
 * ships it over the sync connection. With {@code --tls-port}, a TLS listener serves the synced certificates and SNIs,
 * each sync's changes applying to the next handshake. The token may also come from {@code GATEHOUSE_GATEWAY_TOKEN}, the certificate
 * and key from {@code GATEHOUSE_GATEWAY_CERT} and {@code GATEHOUSE_GATEWAY_KEY}, and the other settings from the variables of
 * {@link io.gatehouse.gateway.GatewayApplication#ENVIRONMENT_FLAGS}. The node id, when not given, is generated once
 * and kept in the cache directory, so a restarted gateway is the same node.
 */
public final class SyncedGateway implements AutoCloseable {

    static final String VERSION = "0.1.0";
    private static final String NODE_ID_FILE = "node-id";

    private final GatewayServer proxy;
    private final GatewayServer tls;
    private final StatusServer status;
    private final ConfigHolder config;
    private final SyncClient sync;
    private final AutoCloseable flushing;

    private SyncedGateway(GatewayServer proxy, GatewayServer tls, StatusServer status, ConfigHolder config,
            SyncClient sync, AutoCloseable flushing) {
        this.flushing = flushing;
        this.proxy = proxy;
        this.tls = tls;
        this.status = status;
        this.config = config;
        this.sync = sync;
    }

    /** Starts the gateway as the command line describes: serving at once (from the cache if any), syncing in the background. */
    public static SyncedGateway start(String[] args, Map<String, String> environment) throws IOException {
        Map<String, String> options = parse(args);
        String token = options.getOrDefault("token", environment.get("GATEHOUSE_GATEWAY_TOKEN"));
        String certificate = options.getOrDefault("cert", environment.get("GATEHOUSE_GATEWAY_CERT"));
        String key = options.getOrDefault("key", environment.get("GATEHOUSE_GATEWAY_KEY"));
        if (!options.containsKey("control-plane") || (token == null && certificate == null)) {
            throw new IllegalArgumentException("usage: --control-plane wss://host:8005/v1/sync (--token gh_gwt_… | "
                    + "--cert client.pem --key client-key.pem) [--trust cert.pem] [--cache-dir dir] [--node-id id] "
                    + "[--host h] [--port p] [--status-port p] [--tls-port p] [--heartbeat-seconds s] [--max-backoff-seconds s] "
                    + "[--analytics true|false] [--analytics-max-keys n] [--analytics-max-reports n]");
        }
        Path cacheDirectory = Path.of(options.getOrDefault("cache-dir", "data/gateway"));
        String host = options.getOrDefault("host", "0.0.0.0");
        Clock clock = Clock.systemUTC();
        GatewayMetrics metrics = new GatewayMetrics();
        LocalCounters localCounters = new LocalCounters(clock);
        String hostname = InetAddress.getLocalHost().getHostName();
        ConfigCompiler compiler = new ConfigCompiler(clock, metrics, localCounters,
                rateLimit -> new RedisCounters(rateLimit, localCounters), new SecureRandom(), hostname);
        ConfigHolder holder = new ConfigHolder(GatewaySnapshot.empty(), Duration.ofSeconds(60));
        ServerLimits limits = new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        List<String> plugins = PluginSchemas.all().stream().map(PluginSchema::name).toList();
        SyncClientSettings settings = new SyncClientSettings(URI.create(options.get("control-plane")), token,
                options.containsKey("trust") ? Path.of(options.get("trust")) : null,
                options.getOrDefault("node-id", nodeId(cacheDirectory)), hostname, VERSION, plugins, cacheDirectory,
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("heartbeat-seconds", "30"))), null,
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("max-backoff-seconds", "60"))),
                certificate == null ? null : Path.of(certificate), key == null ? null : Path.of(key));
        TrafficRecorder traffic = Boolean.parseBoolean(options.getOrDefault("analytics", "true"))
                ? new TrafficRecorder(new TrafficSettings(TrafficSettings.DEFAULTS.bucket(),
                        Integer.parseInt(options.getOrDefault("analytics-max-keys",
                                String.valueOf(TrafficSettings.DEFAULTS.maxKeys()))),
                        Integer.parseInt(options.getOrDefault("analytics-max-reports",
                                String.valueOf(TrafficSettings.DEFAULTS.maxReports()))),
                        TrafficSettings.DEFAULTS.closeAfter()), clock)
                : null;
        CertificateStore certificates = new CertificateStore();
        SyncClient sync = new SyncClient(settings, new RuntimeApplier(compiler, holder, certificates), clock,
                traffic == null ? null : traffic.outbox());
        AutoCloseable flushing = () -> { };
        if (traffic != null) {
            metrics.include(traffic::render);
            flushing = traffic.flushEvery(Duration.ofSeconds(1));
        }
        ProxyHandler handler = new ProxyHandler(holder, limits, metrics, RetryTimer.standard(), traffic);
        GatewayServer proxy = GatewayServer.start(host, Integer.parseInt(options.getOrDefault("port", "8000")), limits,
                handler);
        GatewayServer tls = options.containsKey("tls-port")
                ? GatewayServer.startTls(host, Integer.parseInt(options.get("tls-port")), limits, certificates, handler)
                : null;
        StatusServer status = StatusServer.start(host, Integer.parseInt(options.getOrDefault("status-port", "8100")),
                holder, metrics, clock, VERSION, sync::status);
        sync.start();
        return new SyncedGateway(proxy, tls, status, holder, sync, flushing);
    }

    public int proxyPort() {
        return proxy.port();
    }

    /** The TLS port, or -1 without {@code --tls-port}. */
    public int tlsPort() {
        return tls == null ? -1 : tls.port();
    }

    public int statusPort() {
        return status.port();
    }

    public ConfigHolder config() {
        return config;
    }

    /** The sync client (for the config apply benchmark's phase timings). */
    SyncClient syncClient() {
        return sync;
    }

    /** The config sync state, for {@code /status}. */
    public SyncStatus syncStatus() {
        return sync.status();
    }

    /** Stops syncing, then drains and stops the listeners. */
    @Override
    public void close() {
        try {
            flushing.close();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        sync.stop();
        if (tls != null) {
            tls.close();
        }
        proxy.close();
        status.close();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return values;
    }

    /** This node's id: kept in the cache directory, generated on first start. */
    static String nodeId(Path cacheDirectory) throws IOException {
        Path file = cacheDirectory.resolve(NODE_ID_FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        Files.createDirectories(cacheDirectory);
        String id = UUID.randomUUID().toString();
        Files.writeString(file, id, StandardCharsets.US_ASCII);
        return id;
    }
}
