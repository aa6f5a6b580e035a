package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.web.context.WebApplicationContext;

import io.gatehouse.gateway.runtime.ConfigCompiler;
import io.gatehouse.gateway.sync.SyncStatus;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Config sync with the real gateway runtime: routes written through the REST API are served by a real
 * gateway (real sockets, real upstream) once synced; the gateway keeps serving with the control plane
 * away, restarts from its cache, catches up when the control plane is back, and NACKs what it cannot run.
 */
@SpringBootTest
@Timeout(120)
class SyncGatewayIT {

    @Autowired
    WebApplicationContext context;
    @TempDir
    Path cache;

    SyncFixtures fixtures;
    MockMvc api;
    DisposableServer upstream;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final java.util.List<AutoCloseable> running = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        fixtures = new SyncFixtures(context);
        api = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("hello from " + request.uri())))
                .bindNow();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        upstream.disposeNow();
        if (!fixtures.hub.isRunning()) {
            fixtures.hub.start();
        }
    }

    /** A gateway in hybrid mode, started as its command line would start it. */
    SyncedGateway gateway(String token, URI endpoint) throws Exception {
        SyncedGateway gateway = SyncedGateway.start(new String[] { "--control-plane", endpoint.toString(), "--trust",
                fixtures.trustedCertificate().toString(), "--cache-dir", cache.toString(), "--host", "127.0.0.1",
                "--port", "0", "--status-port", "0", "--heartbeat-seconds", "1", "--max-backoff-seconds", "1" },
                Map.of("GATEHOUSE_GATEWAY_TOKEN", token));
        running.add(gateway);
        return gateway;
    }

    int proxied(SyncedGateway gateway, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    String body(SyncedGateway gateway, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String base(Tenant tenant) {
        return "/api/v1/control-planes/" + tenant.plane().id();
    }

    /** The gateway's {@code /status}, as an operator or a probe reads it. */
    String statusPage(SyncedGateway gateway) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.statusPort() + "/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    void write(String bearer, String path, String json) throws Exception {
        api.perform(post(path).header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated());
    }

    @Test
    void aRouteCreatedThroughTheApiIsServedAtOnceAndGoneWhenDeleted() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        write(editor, base(tenant) + "/services",
                "{\"name\":\"echo\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.config().current().revision() == 1);
        assertThat(proxied(gateway, "/orders/1")).isEqualTo(404);

        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"orders\",\"paths\":[\"/orders\"]}");
        long committed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> proxied(gateway, "/orders/1") == 200);
        long millis = (System.nanoTime() - committed) / 1_000_000;

        // Typically tens of milliseconds (docs/BENCHMARKS.md); the bound leaves room for a loaded CI machine.
        assertThat(millis).as("commit to first proxied 200").isLessThan(2_000);
        assertThat(body(gateway, "/orders/1")).isEqualTo("hello from /1");

        api.perform(delete(base(tenant) + "/routes/orders").header("Authorization", editor))
                .andExpect(status().isNoContent());
        await().atMost(Duration.ofSeconds(5)).until(() -> proxied(gateway, "/orders/1") == 404);
    }

    @Test
    void withTheControlPlaneAwayTheGatewayServesRestartsFromItsCacheAndCatchesUpAfterwards() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        write(editor, base(tenant) + "/services", "{\"name\":\"echo\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"a\",\"paths\":[\"/a\"]}");
        String token = fixtures.token(tenant);
        URI endpoint = fixtures.endpoint();
        SyncedGateway first = gateway(token, endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxied(first, "/a") == 200);

        fixtures.hub.stop();

        await().atMost(Duration.ofSeconds(5)).until(() -> first.syncStatus().connection() == SyncStatus.Connection.DISCONNECTED);
        assertThat(proxied(first, "/a")).isEqualTo(200);
        assertThat(statusPage(first)).contains("\"mode\":\"hybrid\"", "\"connection\":\"DISCONNECTED\"",
                "\"source\":\"control_plane\"");
        first.close();
        SyncedGateway restarted = gateway(token, endpoint);
        assertThat(restarted.syncStatus().source()).isEqualTo("cache");
        assertThat(statusPage(restarted)).contains("\"source\":\"cache\"");
        assertThat(proxied(restarted, "/a")).isEqualTo(200);
        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"b\",\"paths\":[\"/b\"]}");
        assertThat(proxied(restarted, "/b")).isEqualTo(404);

        fixtures.hub.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> proxied(restarted, "/b") == 200);
        assertThat(restarted.syncStatus().source()).isEqualTo("control_plane");
        assertThat(proxied(restarted, "/a")).isEqualTo(200);
        long revision = restarted.config().current().revision();
        assertThat(statusPage(restarted)).contains("\"connection\":\"CONNECTED\"", "\"source\":\"control_plane\"",
                "\"revision\":" + revision, "\"hash\":\"" + restarted.config().current().hash() + "\"",
                "\"last_sync_at\":\"");
    }

    @Test
    void aConfigTheRuntimeCannotRunIsNackedShownInTheApiAndTheOldConfigKeepsServing() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        write(editor, base(tenant) + "/services", "{\"name\":\"echo\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"a\",\"paths\":[\"/a\"]}");
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxied(gateway, "/a") == 200);

        write(editor, base(tenant) + "/consumers", "{\"username\":\"alice\"}");
        write(editor, base(tenant) + "/consumers/alice/plugins", "{\"name\":\"cors\",\"config\":{}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.NACKED);
        api.perform(get(base(tenant) + "/nodes").header("Authorization", editor))
                .andExpect(jsonPath("$.data[0].sync_status").value("nacked"))
                .andExpect(jsonPath("$.data[0].sync_error").value(org.hamcrest.Matchers.containsString(
                        ConfigCompiler.CONSUMER_SCOPED)));
        assertThat(proxied(gateway, "/a")).isEqualTo(200);
        // The consumer (revision 3) and the plugin (4) may reach the gateway as one delta; either way it serves
        // a revision before the plugin's.
        assertThat(gateway.config().current().revision()).isBetween(2L, 3L);
    }
}
