package io.gatehouse.gateway;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.plugins.ratelimit.LocalCounters;
import io.gatehouse.gateway.plugins.ratelimit.RedisCounters;
import io.gatehouse.gateway.proxy.ProxyHandler;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.runtime.KongFileReader;
import io.gatehouse.gateway.server.GatewayServer;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.status.StatusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime gateway executable in DB-less mode:
 * {@code java -jar runtime-gateway-exec.jar --config kong.yaml [--host 0.0.0.0] [--port 8000]
 * [--status-port 8100] [--drain-seconds 30]}. Reads a Kong-style declarative file, serves it, exposes
 * {@code /status} and {@code /metrics} on the status port, and drains in-flight requests on shutdown.
 */
public final class GatewayApplication implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
  static final String VERSION = "0.1.0";

  private final GatewayServer proxy;
  private final StatusServer status;
  private final ConfigHolder config;
  private final LocalCounters localCounters;

  private GatewayApplication(GatewayServer proxy, StatusServer status, ConfigHolder config,
      LocalCounters localCounters) {
    this.proxy = proxy;
    this.status = status;
    this.config = config;
    this.localCounters = localCounters;
  }

  /** Options of the command line. */
  record Options(Path config, String host, int port, int statusPort, Duration drain) {
    static Options parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("usage: --config <file> [--host h] [--port p] [--status-port p]"
              + " [--drain-seconds s]");
        }
        values.put(args[i].substring(2), args[++i]);
      }
      if (!values.containsKey("config")) {
        throw new IllegalArgumentException("--config <kong.yaml> is required");
      }
      return new Options(Path.of(values.get("config")), values.getOrDefault("host", "0.0.0.0"),
          Integer.parseInt(values.getOrDefault("port", "8000")),
          Integer.parseInt(values.getOrDefault("status-port", "8100")),
          Duration.ofSeconds(Long.parseLong(values.getOrDefault("drain-seconds", "30"))));
    }
  }

  public static void main(String[] args) throws Exception {
    GatewayApplication app;
    try {
      app = start(args);
    } catch (IllegalArgumentException | ConfigException | IOException e) {
      System.err.println("gatehouse gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "gatehouse-shutdown"));
    stopped.await();
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
    KongFileReader.Loaded loaded = KongFileReader.read(Files.readAllBytes(options.config()));
    GatewaySnapshot snapshot = compiler.compile(loaded.config(), 0, loaded.hash());
    ConfigHolder holder = new ConfigHolder(snapshot, Duration.ofSeconds(60));
    ServerLimits limits = new ServerLimits(4096, 16 * 1024, 0, Duration.ofSeconds(60), Duration.ofSeconds(30),
        options.drain());
    GatewayServer proxy = GatewayServer.start(options.host(), options.port(), limits,
        new ProxyHandler(holder, limits, metrics, RetryTimer.standard()));
    StatusServer status = StatusServer.start(options.host(), options.statusPort(), holder, metrics, clock, VERSION);
    log.info("gatehouse gateway {} serving {} routes on {}:{} (status on {}), config hash {}", VERSION,
        snapshot.router().size(), options.host(), proxy.port(), status.port(), loaded.hash());
    return new GatewayApplication(proxy, status, holder, localCounters);
  }

  public int proxyPort() {
    return proxy.port();
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
    proxy.close();
    status.close();
  }
}
