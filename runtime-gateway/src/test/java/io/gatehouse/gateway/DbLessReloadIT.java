package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.testing.Await;
import io.gatehouse.gateway.testing.TestClient;
import io.gatehouse.gateway.testing.TestUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB-less reloads end to end: the file is watched and reloaded when replaced, a broken file is refused (shown in
 * {@code /status}) while the old config keeps serving, and {@code POST /config} replaces the config when enabled.
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
