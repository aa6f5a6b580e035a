package io.gatehouse.gateway;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.declarative.DeclarativeReader;
import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.server.CertificateStore;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The declarative file of a DB-less gateway, and its reloads: when the file changes on disk (watched), on
 * {@code SIGHUP}, or when a config is posted to the status listener's {@code /config}. A reload validates and
 * compiles first; only a config that passes replaces the running one (atomically, as config sync does), and a
 * failed one is logged and shown in {@code /status} while the old config keeps serving.
 */
final class ConfigFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigFile.class);

    /** What the last reload did, for {@code /status}. */
    record ReloadStatus(String source, Instant at, String result, String error) {
    }

    private final Path path;
    private final ConfigCompiler compiler;
    private final ConfigHolder holder;
    private final Clock clock;
    private final CertificateStore certificates;
    private volatile ReloadStatus last;
    private WatchService watcher;
    private Thread watching;

    ConfigFile(Path path, ConfigCompiler compiler, ConfigHolder holder, CertificateStore certificates, Clock clock) {
        this.path = path;
        this.compiler = compiler;
        this.holder = holder;
        this.clock = clock;
        this.certificates = certificates;
    }

    /** Reloads the file; a failure is recorded and logged, never thrown. */
    synchronized ReloadStatus reloadFile(String trigger) {
        byte[] text;
        try {
            text = Files.readAllBytes(path);
        } catch (IOException e) {
            log.warn("Configuration reload ({}) failed: cannot read {}: {}", trigger, path, e.getMessage());
            return record(new ReloadStatus(trigger, clock.instant(), "failed", "cannot read " + path + ": " + e.getMessage()));
        }
        try {
            return apply(text, trigger);
        } catch (ConfigException e) {
            return failed(trigger, e);
        }
    }

    /**
     * Validates, compiles and swaps in a declarative config; an identical config (same hash) is left as it is.
     *
     * @throws ConfigException when the config is invalid or cannot run; the running config stays
     */
    synchronized ReloadStatus apply(byte[] text, String trigger) {
        DeclarativeConfig config;
        try {
            config = DeclarativeReader.read(text).requireValid();
        } catch (ConfigException e) {
            failed(trigger, e);
            throw e;
        }
        String hash = ConfigHash.of(config);
        if (hash.equals(holder.current().hash())) {
            return record(new ReloadStatus(trigger, clock.instant(), "unchanged", null));
        }
        try {
            var snapshot = compiler.compile(config, holder.current().revision() + 1, hash);
            Runnable installCertificates;
            try {
                installCertificates = certificates.prepare(config.certificates(), config.snis());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(List.of(new ConfigViolation("certificates", e.getMessage())));
            }
            installCertificates.run();
            holder.swap(snapshot);
            log.info("Reloaded the configuration ({}): {} routes, hash {}", trigger, snapshot.router().size(), hash);
            return record(new ReloadStatus(trigger, clock.instant(), "applied", null));
        } catch (ConfigException e) {
            failed(trigger, e);
            throw e;
        }
    }

    private ReloadStatus failed(String trigger, ConfigException e) {
        List<String> problems = e.violations().stream().map(Object::toString).limit(20).toList();
        log.warn("Configuration reload ({}) refused, the previous configuration keeps serving: {}", trigger, problems);
        return record(new ReloadStatus(trigger, clock.instant(), "failed", String.join("; ", problems)));
    }

    private ReloadStatus record(ReloadStatus status) {
        last = status;
        return status;
    }

    /** The {@code reload} section of {@code /status}. */
    Map<String, Object> status() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("file", path.toString());
        section.put("watching", watching != null);
        ReloadStatus status = last;
        if (status != null) {
            section.put("last_trigger", status.source());
            section.put("last_at", status.at().toString());
            section.put("last_result", status.result());
            if (status.error() != null) {
                section.put("last_error", status.error());
            }
        }
        return section;
    }

    /** Reloads whenever the file is written, created or replaced (editors and config managers rename into place). */
    void watch() throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Path name = path.getFileName();
        watching = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    boolean ours = false;
                    for (WatchEvent<?> event : key.pollEvents()) {
                        ours |= name.equals(event.context()) || event.kind() == StandardWatchEventKinds.OVERFLOW;
                    }
                    key.reset();
                    if (ours) {
                        // Let a writer finish: a burst of events becomes one reload (an unchanged hash is a no-op).
                        Thread.sleep(200);
                        drain(watcher);
                        reloadFile("file changed");
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatehouse-config-watch");
        watching.setDaemon(true);
        watching.start();
    }

    private static void drain(WatchService watcher) {
        WatchKey pending;
        while ((pending = watcher.poll()) != null) {
            pending.pollEvents();
            pending.reset();
        }
    }

    /** Reloads on {@code SIGHUP} where the JVM lets the application handle it (not on Windows). */
    void reloadOnHangup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reloadFile("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.info("SIGHUP reloads are not available here ({}); the file is still watched", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the config watcher", e);
            }
        }
    }
}
