package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import io.gatehouse.gateway.sync.SyncStatus;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import reactor.netty.DisposableServer;

/**
 * Config sync with the real gateway runtime: routes written through the REST API are served by a real
 * gateway (real sockets, real upstream) once synced; the gateway keeps serving with the control plane
 * away, restarts from its cache, catches up when the control plane is back, and NACKs what it cannot run.
 */
@Timeout(120)
class SyncGatewayIT extends RealGatewayITSupport {

    @Autowired
    javax.sql.DataSource dataSource;

    DisposableServer upstream;

    @BeforeEach
    void upstream() {
        upstream = gateways.helloUpstream();
    }

    SyncedGateway gateway(String token, URI endpoint) throws Exception {
        return gateways.connectedTo(endpoint, fixtures.trustedCertificate(), token);
    }

    /** The gateway's {@code /status}, as an operator or a probe reads it. */
    String statusPage(SyncedGateway gateway) throws Exception {
        return gateways.page(gateway.statusPort(), "/status");
    }

    /** The service {@code echo} on the upstream with a route {@code /<name>} per name. */
    void echoService(String editor, Tenant tenant, String... routes) throws Exception {
        write(editor, base(tenant) + "/services", "{\"name\":\"echo\",\"url\":\"http://127.0.0.1:" + upstream.port() + "\"}");
        for (String route : routes) {
            write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"" + route + "\",\"paths\":[\"/" + route + "\"]}");
        }
    }

    @Test
    void aRouteCreatedThroughTheApiIsServedAtOnceAndGoneWhenDeleted() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        echoService(editor, tenant);
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.config().current().revision() == 1);
        assertThat(gateways.status(gateway, "/orders/1")).isEqualTo(404);

        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"orders\",\"paths\":[\"/orders\"]}");
        long committed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> gateways.status(gateway, "/orders/1") == 200);
        long millis = (System.nanoTime() - committed) / 1_000_000;

        // Typically tens of milliseconds (docs/BENCHMARKS.md); the bound leaves room for a loaded CI machine.
        assertThat(millis).as("commit to first proxied 200").isLessThan(2_000);
        assertThat(gateways.body(gateway, "/orders/1")).isEqualTo("hello from /1");

        api.perform(delete(base(tenant) + "/routes/orders").header("Authorization", editor))
                .andExpect(status().isNoContent());
        await().atMost(Duration.ofSeconds(5)).until(() -> gateways.status(gateway, "/orders/1") == 404);
    }

    @Test
    void withTheControlPlaneAwayTheGatewayServesRestartsFromItsCacheAndCatchesUpAfterwards() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        echoService(editor, tenant, "a");
        String token = fixtures.token(tenant);
        URI endpoint = fixtures.endpoint();
        SyncedGateway first = gateway(token, endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateways.status(first, "/a") == 200);

        fixtures.hub.stop();

        await().atMost(Duration.ofSeconds(5)).until(() -> first.syncStatus().connection() == SyncStatus.Connection.DISCONNECTED);
        assertThat(gateways.status(first, "/a")).isEqualTo(200);
        assertThat(statusPage(first)).contains("\"mode\":\"hybrid\"", "\"connection\":\"DISCONNECTED\"",
                "\"source\":\"control_plane\"");
        first.close();
        SyncedGateway restarted = gateway(token, endpoint);
        assertThat(restarted.syncStatus().source()).isEqualTo("cache");
        assertThat(statusPage(restarted)).contains("\"source\":\"cache\"");
        assertThat(gateways.status(restarted, "/a")).isEqualTo(200);
        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"b\",\"paths\":[\"/b\"]}");
        assertThat(gateways.status(restarted, "/b")).isEqualTo(404);

        fixtures.hub.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> gateways.status(restarted, "/b") == 200);
        assertThat(restarted.syncStatus().source()).isEqualTo("control_plane");
        assertThat(gateways.status(restarted, "/a")).isEqualTo(200);
        long revision = restarted.config().current().revision();
        assertThat(statusPage(restarted)).contains("\"connection\":\"CONNECTED\"", "\"source\":\"control_plane\"",
                "\"revision\":" + revision, "\"hash\":\"" + restarted.config().current().hash() + "\"",
                "\"last_sync_at\":\"");
    }

    @Test
    void aConfigTheRuntimeCannotRunIsNackedShownInTheApiAndTheOldConfigKeepsServing() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        echoService(editor, tenant, "a");
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateways.status(gateway, "/a") == 200);

        // Today the control plane refuses a second consumer with the same custom_id (V37), as the gateway's
        // whole-config check does; a control plane from before V37 stored such pairs, and that is what this
        // rebuilds (without the index) to see a gateway refuse a config it cannot run.
        write(editor, base(tenant) + "/consumers", "{\"username\":\"alice\",\"custom_id\":\"A-1\"}");
        api.perform(post(base(tenant) + "/consumers").header("Authorization", editor).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"bob\",\"custom_id\":\"A-1\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("A consumer with custom_id 'A-1' already exists in this control plane."));
        asOwner("drop index gw_entity_custom_id_key");
        try {
            write(editor, base(tenant) + "/consumers", "{\"username\":\"bob\",\"custom_id\":\"A-1\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.NACKED);
            api.perform(get(base(tenant) + "/nodes").header("Authorization", editor))
                    .andExpect(jsonPath("$.data[0].sync_status").value("nacked"))
                    .andExpect(jsonPath("$.data[0].sync_error").value(org.hamcrest.Matchers.containsString(
                            String.format(io.gatehouse.gateway.config.ConfigMessages.DUPLICATE, "A-1"))));
            assertThat(gateways.status(gateway, "/a")).isEqualTo(200);
            // alice (revision 3) and bob (4) may reach the gateway as one delta; either way it serves one before bob.
            assertThat(gateway.config().current().revision()).isBetween(2L, 3L);
        } finally {
            asOwner("delete from gw_entity where entity_type = 'consumer' and document ->> 'username' = 'bob'"
                    + " and document ->> 'custom_id' = 'A-1'");
            asOwner("create unique index gw_entity_custom_id_key on gw_entity (control_plane_id, (document ->> 'custom_id'))"
                    + " where entity_type = 'consumer' and document ->> 'custom_id' is not null");
        }
    }

    /** Runs DDL or a repair as the schema owner (the application's connections work as gatehouse_app). */
    private void asOwner(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("reset role");
            // Row-level security is forced on the owner too: act in the platform scope, like the hub does.
            statement.execute("select set_config('app.scope', 'platform', false)");
            try {
                statement.execute(sql);
            } finally {
                statement.execute("select set_config('app.scope', '', false)");
                statement.execute("set role gatehouse_app");
            }
        }
    }

    @Test
    void aConsumerScopedPluginWrittenThroughTheApiLimitsThatConsumerOnTheGateway() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        echoService(editor, tenant, "a");
        write(editor, base(tenant) + "/consumers", "{\"username\":\"alice\"}");
        write(editor, base(tenant) + "/consumers/alice/key-auth", "{\"key\":\"alice-key\"}");
        write(editor, base(tenant) + "/consumers", "{\"username\":\"bob\"}");
        write(editor, base(tenant) + "/consumers/bob/key-auth", "{\"key\":\"bob-key\"}");
        write(editor, base(tenant) + "/plugins", "{\"name\":\"key-auth\"}");
        write(editor, base(tenant) + "/consumers/alice/plugins", "{\"name\":\"rate-limiting\",\"config\":{\"hour\":1}}");
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());

        // The gateway's first sync may be slow on a loaded machine; the limit shows once alice's instance runs.
        await().atMost(Duration.ofSeconds(30)).until(() -> gateways.status(gateway, "/a", "apikey", "bob-key") == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateways.status(gateway, "/a", "apikey", "alice-key") == 429);
        assertThat(gateways.status(gateway, "/a", "apikey", "bob-key")).isEqualTo(200);
        assertThat(gateways.status(gateway, "/a", "apikey", "bob-key")).isEqualTo(200);
        assertThat(gateways.status(gateway, "/a")).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.IN_SYNC);
    }

    @Test
    void oneConfigHasOneHashWhetherAFileASnapshotOrADeltaProducedIt() throws Exception {
        Tenant tenant = fixtures.tenant();
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        echoService(editor, tenant, "a");
        write(editor, base(tenant) + "/services/echo/plugins", "{\"name\":\"cors\"}");
        write(editor, base(tenant) + "/consumers", "{\"username\":\"alice\"}");
        write(editor, base(tenant) + "/consumers/alice/key-auth", "{\"key\":\"alice-secret-key-0123456789\"}");
        SyncedGateway gateway = gateway(fixtures.token(tenant), fixtures.endpoint());
        String expected = expectedHash(tenant);
        await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(gateway.config().current().hash()));

        // Snapshot path: the gateway's /status, the node list and the control plane's current hash agree.
        assertThat(statusHash(gateway.statusPort())).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(fixtures.nodes(tenant).get(0).configHash()));
        assertThat(fixtures.scopes.call(io.gatehouse.platform.tenancy.TenantScope.platform(),
                () -> context.getBean(io.gatehouse.platform.gateways.declarative.DeclarativeConfigs.class)
                        .snapshot(tenant.plane().id())).hash()).isEqualTo(expected);

        // Delta path: one more route reaches the gateway as a delta; the hashes agree again.
        write(editor, base(tenant) + "/services/echo/routes", "{\"name\":\"b\",\"paths\":[\"/b\"]}");
        String afterDelta = expectedHash(tenant);
        assertThat(afterDelta).isNotEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> afterDelta.equals(gateway.config().current().hash()));
        assertThat(statusHash(gateway.statusPort())).isEqualTo(afterDelta);
        await().atMost(Duration.ofSeconds(30)).until(() -> afterDelta.equals(fixtures.nodes(tenant).get(0).configHash()));

        // DB-less path: the same config written to a file and served without a control plane.
        io.gatehouse.platform.gateways.declarative.GatewaySnapshot snapshot = fixtures.scopes.call(
                io.gatehouse.platform.tenancy.TenantScope.platform(),
                () -> context.getBean(io.gatehouse.platform.gateways.declarative.DeclarativeConfigs.class)
                        .snapshot(tenant.plane().id()));
        Path file = cache.resolve("kong.yaml");
        java.nio.file.Files.writeString(file,
                io.gatehouse.gateway.config.declarative.DeclarativeWriter.toYaml(snapshot.config()));
        io.gatehouse.gateway.GatewayApplication dbLess = io.gatehouse.gateway.GatewayApplication.start(new String[] {
                "--config", file.toString(), "--host", "127.0.0.1", "--port", "0", "--status-port", "0",
                "--tls-port", "0" });
        gateways.stopAtTheEnd(dbLess);
        assertThat(statusHash(dbLess.statusPort())).isEqualTo(afterDelta);
    }

    String expectedHash(Tenant tenant) throws Exception {
        String viewer = fixtures.bearer(tenant, OrgRole.VIEWER);
        String body = api.perform(get(base(tenant) + "/expected-config-hash").header("Authorization", viewer))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("expected_hash").asString();
    }

    String statusHash(int statusPort) throws Exception {
        String body = gateways.page(statusPort, "/status");
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).get("config").get("hash").asString();
    }
}
