package io.gatehouse.platform.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.gatehouse.gateway.sync.SyncProtocol;

/**
 * Where gateways reach this control plane's sync listener and which certificate they trust, as the console
 * shows it in "Connect a gateway". The address is {@code gatehouse.sync.public-url} when set (env
 * {@code GATEHOUSE_SYNC_PUBLIC_URL}, e.g. {@code wss://sync.example.com:8005/v1/sync}), otherwise the host of
 * {@code gatehouse.public-url} with the listener's port and scheme.
 */
@Component
public class SyncEndpoint {

    private final SyncProperties properties;
    private final ObjectProvider<SyncHub> hub;
    private final String configuredUrl;
    private final String consoleUrl;

    SyncEndpoint(SyncProperties properties, ObjectProvider<SyncHub> hub,
            @Value("${gatehouse.sync.public-url:}") String configuredUrl,
            @Value("${gatehouse.public-url:http://localhost}") String consoleUrl) {
        this.properties = properties;
        this.hub = hub;
        this.configuredUrl = configuredUrl == null ? "" : configuredUrl.strip();
        this.consoleUrl = consoleUrl;
    }

    /** The WebSocket URL gateways dial, e.g. {@code wss://cp.example.com:8005/v1/sync}. */
    public String url() {
        if (!configuredUrl.isEmpty()) {
            return configuredUrl;
        }
        String host = "localhost";
        try {
            String parsed = URI.create(consoleUrl).getHost();
            if (parsed != null && !parsed.isBlank()) {
                host = parsed;
            }
        } catch (IllegalArgumentException ex) {
            // A malformed console URL leaves localhost, which the page shows for the operator to correct.
        }
        SyncHub running = hub.getIfAvailable();
        int port = running != null && running.isRunning() ? running.port() : properties.port();
        return (properties.tls().enabled() ? "wss" : "ws") + "://" + host + ":" + port + SyncProtocol.PATH;
    }

    /** Whether gateways must be given a certificate to trust ({@code --trust}). */
    public boolean secure() {
        return properties.tls().enabled();
    }

    /**
     * The PEM gateways trust: the configured certificate chain, or the generated self-signed certificate;
     * empty when TLS is off or the certificate has not been generated (the listener has not started).
     */
    public Optional<String> certificatePem() {
        if (!properties.tls().enabled()) {
            return Optional.empty();
        }
        Path file = properties.tls().certificate() != null ? properties.tls().certificate()
                : properties.tls().directory().resolve(SyncTls.CERTIFICATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the sync certificate " + file, ex);
        }
    }
}
