package io.gatehouse.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import com.sun.net.httpserver.HttpServer;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.gateway.GatewayApplication;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Grafana dashboard and the alert rules in {@code deploy/monitoring} only query metrics that exist: every
 * {@code gatehouse_*} series they name is in what Prometheus scrapes from a real control plane
 * ({@code /actuator/prometheus}, the same registry) or from a real gateway's {@code /metrics} after it proxied a
 * request.
 */
class MonitoringMetricsIT extends ConsoleIntegrationTest {

    private static final Path MONITORING = Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("monitoring");
    private static final Pattern METRIC = Pattern.compile("\\bgatehouse_[a-z0-9_]+");

    @Autowired
    PrometheusMeterRegistry prometheus;

    @TempDir
    Path dir;

    @Test
    void everyGatehouseMetricTheDashboardAndAlertsUseIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String file : new String[] {"grafana-dashboard.json", "alerts.yml"}) {
            Matcher name = METRIC.matcher(Files.readString(MONITORING.resolve(file)));
            while (name.find()) {
                used.add(name.group());
            }
        }
        assertThat(used).as("metrics the dashboard uses").contains("gatehouse_http_requests_total", "gatehouse_sync_sessions",
                "gatehouse_support_tickets_open");

        String scraped = prometheus.scrape() + "\n" + gatewayMetrics();

        assertThat(used).allSatisfy(metric -> assertThat(scraped)
                .as("%s is exported by the control plane or the gateway", metric)
                .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]"));
    }

    /** A DB-less gateway proxies one request to a loopback upstream; its /metrics afterwards. */
    private String gatewayMetrics() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Path config = dir.resolve("kong.yaml");
        Files.writeString(config, """
                _format_version: "3.0"
                services:
                  - name: api
                    url: http://127.0.0.1:%d
                    routes:
                      - name: all
                        paths: ["/"]
                """.formatted(upstream.getAddress().getPort()));
        HttpClient http = HttpClient.newHttpClient();
        try (GatewayApplication gateway = GatewayApplication.start(new String[] {"--config", config.toString(),
                "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--watch", "off"})) {
            assertThat(get(http, "http://127.0.0.1:" + gateway.proxyPort() + "/x").statusCode()).isEqualTo(200);
            // A request is counted when its exchange completes, just after its last byte went out to the client.
            return await().atMost(Duration.ofSeconds(5)).until(() -> {
                HttpResponse<String> metrics = get(http, "http://127.0.0.1:" + gateway.statusPort() + "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                return metrics.body();
            }, body -> body.contains("gatehouse_http_requests_total{"));
        } finally {
            upstream.stop(0);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
