package io.gatehouse.gateway;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.analytics.TrafficSettings;
import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.declarative.DeclarativeReader;
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
import io.gatehouse.gateway.sync.SyncedGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime gateway executable in DB-less mode:
 * {@code java -jar gatehouse-gateway.jar --config kong.yaml [--host 0.0.0.0] [--port 8000]
 * [--status-port 8100] [--tls-port 8443] [--drain-seconds 30] [--watch on|off] [--config-api on|off]}. The TLS
 * listener starts when the file has certificates or {@code --tls-port} is given (then it refuses handshakes until a
 * reload brings a certificate); certificates follow every reload. Reads a Kong-style declarative file, serves it, reloads it
 * when it changes (watch, default on) or on {@code SIGHUP} — validated first, a refused file keeps the running
 * config —, exposes {@code /status} and {@code /metrics} (and, with {@code --config-api on},
 * {@code POST /config}) on the status port, and drains in-flight requests on shutdown.
 */
public final class GatewayApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
    static final String VERSION = "0.1.0";

    private final GatewayServer proxy;
    private final GatewayServer tls;
    private final StatusServer status;
    private final ConfigHolder config;
    private final ConfigFile file;
    private final AutoCloseable flushing;

    private GatewayApplication(GatewayServer proxy, GatewayServer tls, StatusServer status, ConfigHolder config,
            ConfigFile file, AutoCloseable flushing) {
        this.flushing = flushing;
        this.proxy = proxy;
        this.tls = tls;
        this.status = status;
        this.config = config;
        this.file = file;
    }

    /** Options of the command line. */
    record Options(Path config, String host, int port, int statusPort, int tlsPort, boolean tlsPortGiven, Duration drain,
            boolean watch, boolean configApi, boolean analytics) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: --config <file> [--host h] [--port p] [--status-port p]"
                            + " [--tls-port p] [--drain-seconds s] [--watch on|off] [--config-api on|off]"
                            + " [--analytics true|false]");
                }
                values.put(args[i].substring(2), args[++i]);
            }
            if (!values.containsKey("config")) {
                throw new IllegalArgumentException("--config <kong.yaml> (DB-less mode) or --control-plane <wss://host:8005/v1/sync>"
                        + " --token <gateway token> (hybrid mode) is required");
            }
            return new Options(Path.of(values.get("config")), values.getOrDefault("host", "0.0.0.0"),
                    Integer.parseInt(values.getOrDefault("port", "8000")),
                    Integer.parseInt(values.getOrDefault("status-port", "8100")),
                    Integer.parseInt(values.getOrDefault("tls-port", "8443")), values.containsKey("tls-port"),
                    Duration.ofSeconds(Long.parseLong(values.getOrDefault("drain-seconds", "30"))),
                    onOff(values, "watch", true), onOff(values, "config-api", false), onOff(values, "analytics", false));
        }

        private static boolean onOff(Map<String, String> values, String flag, boolean fallback) {
            String value = values.get(flag);
            if (value == null) {
                return fallback;
            }
            return switch (value) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException("--" + flag + " takes on or off, not " + value);
            };
        }
    }

    /**
     * Settings that may come from the environment instead of the command line, as in containers and
     * systemd units; a flag on the command line wins.
     */
    public static final Map<String, String> ENVIRONMENT_FLAGS = Map.of(
            "GATEHOUSE_GATEWAY_CONTROL_PLANE", "control-plane",
            "GATEHOUSE_GATEWAY_PROXY_PORT", "port",
            "GATEHOUSE_GATEWAY_STATUS_PORT", "status-port",
            "GATEHOUSE_GATEWAY_TLS_PORT", "tls-port",
            "GATEHOUSE_GATEWAY_CACHE_DIR", "cache-dir",
            "GATEHOUSE_GATEWAY_TRUST", "trust",
            "GATEHOUSE_GATEWAY_ANALYTICS", "analytics");

    /**
     * One executable, two modes: with {@code --control-plane} (hybrid mode, see {@link SyncedGateway}) the
     * configuration comes from the control plane over config sync; with {@code --config} (DB-less mode) from a
     * Kong-style declarative file.
     */
    public static void main(String[] args) throws Exception {
        String[] effective = withEnvironment(args, System.getenv());
        AutoCloseable app;
        try {
            app = Arrays.asList(effective).contains("--control-plane")
                    ? SyncedGateway.start(effective, System.getenv())
                    : start(effective);
        } catch (IllegalArgumentException | ConfigException | IOException e) {
            System.err.println("gatehouse gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                log.warn("The gateway did not stop cleanly", e);
            } finally {
                stopped.countDown();
            }
        }, "gatehouse-shutdown"));
        stopped.await();
    }

    /** The command line completed with the settings of {@link #ENVIRONMENT_FLAGS} it does not name itself. */
    static String[] withEnvironment(String[] args, Map<String, String> environment) {
        List<String> effective = new ArrayList<>(Arrays.asList(args));
        boolean dbLess = effective.contains("--config");
        new TreeMap<>(ENVIRONMENT_FLAGS).forEach((variable, flag) -> {
            String value = environment.get(variable);
            boolean syncOnly = flag.equals("control-plane") || flag.equals("cache-dir") || flag.equals("trust");
            if (value != null && !value.isBlank() && !effective.contains("--" + flag) && !(dbLess && syncOnly)) {
                effective.add("--" + flag);
                effective.add(value);
            }
        });
        return effective.toArray(String[]::new);
    }

    /** Starts the gateway as the command line describes; the caller closes it. */
    public static GatewayApplication start(String[] args) throws IOException {
        Options options = Options.parse(args);
        Clock clock = Clock.systemUTC();
        GatewayMetrics metrics = new GatewayMetrics();
        LocalCounters localCounters = new LocalCounters(clock);
        String node = InetAddress.getLocalHost().getHostName();
        ConfigCompiler compiler = new ConfigCompiler(clock, metrics, localCounters,
                rateLimit -> new RedisCounters(rateLimit, localCounters), new SecureRandom(), node);
        DeclarativeConfig config = DeclarativeReader.read(Files.readAllBytes(options.config())).requireValid();
        String hash = ConfigHash.of(config);
        GatewaySnapshot snapshot = compiler.compile(config, 0, hash);
        ConfigHolder holder = new ConfigHolder(snapshot, Duration.ofSeconds(60));
        ServerLimits limits = new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
                options.drain());
        // DB-less gateways have no control plane to ship traffic to: --analytics true only aggregates (visible in
        // /metrics; reports wait in the bounded outbox), which is how the benchmark measures its cost.
        TrafficRecorder traffic = options.analytics() ? new TrafficRecorder(TrafficSettings.DEFAULTS, clock) : null;
        AutoCloseable flushing = () -> { };
        if (traffic != null) {
            metrics.include(traffic::render);
            flushing = traffic.flushEvery(Duration.ofSeconds(1));
        }
        ProxyHandler handler = new ProxyHandler(holder, limits, metrics, RetryTimer.standard(), traffic);
        GatewayServer proxy = GatewayServer.start(options.host(), options.port(), limits, handler);
        CertificateStore certificates = new CertificateStore();
        certificates.set(config.certificates(), config.snis());
        ConfigFile file = new ConfigFile(options.config(), compiler, holder, certificates, clock);
        GatewayServer tls = certificates.get().present() || options.tlsPortGiven()
                ? GatewayServer.startTls(options.host(), options.tlsPort(), limits, certificates, handler) : null;
        StatusServer status = StatusServer.startDbLess(options.host(), options.statusPort(), holder, metrics, clock,
                VERSION, file::status, options.configApi() ? body -> {
                    file.apply(body, "POST /config");
                    return holder.current().hash();
                } : null);
        if (options.watch()) {
            file.watch();
        }
        file.reloadOnHangup();
        log.info("gatehouse gateway {} serving {} routes on {}:{} (TLS: {}, status on {}), config hash {}", VERSION,
                snapshot.router().size(), options.host(), proxy.port(), tls == null ? "no certificates" : tls.port(),
                status.port(), hash);
        return new GatewayApplication(proxy, tls, status, holder, file, flushing);
    }

    public int proxyPort() {
        return proxy.port();
    }

    /** The TLS port, or -1 when there is no TLS listener (no certificates at start and no {@code --tls-port}). */
    public int tlsPort() {
        return tls == null ? -1 : tls.port();
    }

    public int statusPort() {
        return status.port();
    }

    public ConfigHolder config() {
        return config;
    }

    /** Graceful: stops accepting, drains in-flight requests within the drain deadline, then stops. */
    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
        file.close();
        proxy.close();
        status.close();
        try {
            flushing.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
