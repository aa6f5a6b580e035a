package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestCertificates;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestUpstream;
import io.gatehouse.gateway.testing.TlsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB-less reloads end to end: the file is watched and reloaded when replaced, a broken file is refused (shown in
 * {@code /status}) while the old config keeps serving, {@code POST /config} replaces the config when enabled, and
 * certificates follow reloads on the TLS listener without a restart.
 */
@Timeout(60)
class DbLessReloadIT {

    @TempDir
    Path dir;

    private static String config(int upstreamPort, String path) {
        return """
                _format_version: "3.0"
                services:
                  - name: api
                    url: http://127.0.0.1:%d
                    routes:
                      - name: route
                        paths: ["%s"]
                """.formatted(upstreamPort, path);
    }

    /** The config with {@code certificates}: each one's PEM as a YAML block and its SNIs. */
    private static String withCertificates(String config, List<CertificateDefinition> certificates) {
        StringBuilder yaml = new StringBuilder(config).append("certificates:\n");
        for (CertificateDefinition certificate : certificates) {
            yaml.append("  - cert: |\n").append(certificate.cert().indent(6))
                    .append("    key: |\n").append(certificate.key().indent(6));
            if (!certificate.snis().isEmpty()) {
                yaml.append("    snis:\n");
                certificate.snis().forEach(name -> yaml.append("      - name: ").append(name).append('\n'));
            }
        }
        return yaml.toString();
    }

    private static String served(int port, String serverName) {
        try {
            return TlsProbe.get(port, serverName, "/a").subject();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void certificatesAddedReplacedAndRemovedByAReloadAreServedWithoutARestart() throws Exception {
        CertificateDefinition fallback = TestCertificates.generate(dir, "default.test", List.of());
        CertificateDefinition shop = TestCertificates.generate(dir, "shop.test", List.of("shop.test"));
        CertificateDefinition renewed = TestCertificates.generate(dir, "shop-renewed.test", List.of("shop.test"));
        CertificateDefinition api = TestCertificates.generate(dir, "api.test", List.of("api.test"));
        try (TestUpstream upstream = new TestUpstream()) {
            Path file = dir.resolve("kong.yaml");
            Files.writeString(file, config(upstream.port(), "/a"));
            try (GatewayApplication app = GatewayApplication.start(new String[] {"--config", file.toString(),
                    "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--tls-port", "0"})) {
                int tls = app.tlsPort();
                assertThat(tls).as("--tls-port starts the listener before any certificate").isPositive();
                assertThat(served(tls, "shop.test")).contains("SSL", "Exception");

                replace(file, withCertificates(config(upstream.port(), "/a"), List.of(fallback, shop)));
                Await.until(Duration.ofSeconds(20), () -> served(tls, "shop.test").equals("CN=shop.test"));
                assertThat(TlsProbe.get(tls, "shop.test", "/a").statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(served(tls, null)).isEqualTo("CN=default.test");

                replace(file, withCertificates(config(upstream.port(), "/a"), List.of(fallback, renewed, api)));
                Await.until(Duration.ofSeconds(20), () -> served(tls, "shop.test").equals("CN=shop-renewed.test"));
                assertThat(served(tls, "api.test")).isEqualTo("CN=api.test");

                replace(file, withCertificates(config(upstream.port(), "/a"), List.of(fallback, api)));
                Await.until(Duration.ofSeconds(20), () -> served(tls, "shop.test").equals("CN=default.test"));
                assertThat(served(tls, "api.test")).isEqualTo("CN=api.test");
                assertThat(TlsProbe.get(tls, "api.test", "/a").statusLine()).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    /** Writes the file as config managers do: a temporary file renamed into place. */
    private void replace(Path file, String text) throws Exception {
        Path temporary = dir.resolve("next.tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aChangedFileIsReloadedAndABrokenOneIsRefusedWhileTheOldConfigServes() throws Exception {
        try (TestUpstream upstream = new TestUpstream()) {
            Path file = dir.resolve("kong.yaml");
            Files.writeString(file, config(upstream.port(), "/a"));
            try (GatewayApplication app = GatewayApplication.start(new String[] {"--config", file.toString(),
                    "--host", "127.0.0.1", "--port", "0", "--status-port", "0"})) {
                TestClient client = new TestClient(app.proxyPort());
                TestClient status = new TestClient(app.statusPort());
                assertThat(client.get("/a").status()).isEqualTo(200);
                String firstHash = app.config().current().hash();

                replace(file, config(upstream.port(), "/b"));
                Await.until(Duration.ofSeconds(20), () -> client.get("/b").status() == 200);
                assertThat(client.get("/a").status()).isEqualTo(404);
                assertThat(app.config().current().hash()).isNotEqualTo(firstHash);
                // the reload is recorded just after the swap that made /b answer
                Await.until(Duration.ofSeconds(5), () -> status.get("/status").body().contains("\"last_result\":\"applied\""));
                assertThat(status.get("/status").body()).contains("\"mode\":\"db-less\"", "\"last_result\":\"applied\"",
                        "\"last_trigger\":\"file changed\"", "\"hash\":\"" + app.config().current().hash() + "\"");

                replace(file, "_format_version: \"3.0\"\nservices:\n  - name: api\n    url: not a url\n");
                Await.until(Duration.ofSeconds(20), () -> status.get("/status").body().contains("\"last_result\":\"failed\""));
                assertThat(status.get("/status").body()).contains("\"last_error\":\"services[0].url");
                assertThat(client.get("/b").status()).isEqualTo(200);

                assertThat(status.send("POST", "/config", Map.of(), config(upstream.port(), "/c")).status())
                        .as("POST /config is off unless enabled").isEqualTo(404);
            }
        }
    }

    @Test
    void postConfigReplacesTheRunningConfigWhenEnabledAndRefusesInvalidOnes() throws Exception {
        try (TestUpstream upstream = new TestUpstream()) {
            Path file = dir.resolve("kong.yaml");
            Files.writeString(file, config(upstream.port(), "/a"));
            try (GatewayApplication app = GatewayApplication.start(new String[] {"--config", file.toString(),
                    "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--watch", "off", "--config-api", "on"})) {
                TestClient client = new TestClient(app.proxyPort());
                TestClient status = new TestClient(app.statusPort());

                TestClient.Response applied = status.send("POST", "/config", Map.of("Content-Type", "application/yaml"),
                        config(upstream.port(), "/c"));
                assertThat(applied.status()).isEqualTo(201);
                assertThat(applied.body()).contains("\"hash\":\"" + app.config().current().hash() + "\"");
                assertThat(client.get("/c").status()).isEqualTo(200);
                assertThat(client.get("/a").status()).isEqualTo(404);

                TestClient.Response refused = status.send("POST", "/config", Map.of(),
                        "_format_version: \"3.0\"\nroutes:\n  - name: r\n    paths: [\"/d\"]\n    protocols: [grpc]\n");
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.body()).contains("\"message\":\"declarative config is invalid\"",
                        "\"path\":\"routes[0].protocols[0]\"", "protocol grpc is not supported");
                assertThat(client.get("/c").status()).isEqualTo(200);
                assertThat(status.get("/status").body()).contains("\"last_trigger\":\"POST /config\"",
                        "\"last_result\":\"failed\"", "\"watching\":false");
            }
        }
    }
}
