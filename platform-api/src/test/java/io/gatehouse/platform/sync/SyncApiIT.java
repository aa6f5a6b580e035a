package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import io.gatehouse.gateway.sync.SyncedConfig;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Nack;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API of config sync through the real security chain, with personal access tokens. */
@SpringBootTest
@Timeout(60)
class SyncApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    SyncFixtures fixtures;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        fixtures = new SyncFixtures(context);
        mvc = fixtures.api();
    }

    String bearer(Tenant tenant, OrgRole role) {
        return fixtures.bearer(tenant, role);
    }

    String base(Tenant tenant) {
        return "/api/v1/control-planes/" + tenant.plane().id();
    }

    @Test
    void aTokenIsShownOnceListedWithoutItAndRevokedWithAnAuditRecord() throws Exception {
        Tenant tenant = fixtures.tenant();
        String admin = bearer(tenant, OrgRole.ADMIN);

        MvcResult created = mvc.perform(post(base(tenant) + "/gateway-tokens").header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"edge fleet\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token", Matchers.startsWith(SyncProtocol.TOKEN_PREFIX)))
                .andExpect(jsonPath("$.name").value("edge fleet"))
                .andReturn();
        JsonNode body = JSON.readTree(created.getResponse().getContentAsString());
        String id = body.get("id").asString();
        String token = body.get("token").asString();

        mvc.perform(get(base(tenant) + "/gateway-tokens").header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].id").value(id))
                .andExpect(jsonPath("$.data[0].display_prefix").value(token.substring(0, 13)))
                .andExpect(jsonPath("$.data[0].token").doesNotExist());
        assertThat(fixtures.tokens.authenticate(token)).isPresent();

        mvc.perform(delete(base(tenant) + "/gateway-tokens/" + id).header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revoked_at").exists());

        assertThat(fixtures.tokens.authenticate(token)).isEmpty();
        List<String> actions = fixtures.in(tenant, () -> tx.execute(s -> jdbc.queryForList(
                "select action from platform_audit_event where entity_id = ? order by occurred_at", String.class, id)));
        assertThat(actions).containsExactly("gateway-token.created", "gateway-token.revoked");
        String stored = fixtures.in(tenant, () -> tx.execute(s -> jdbc.queryForObject(
                "select token_hash from gw_gateway_token where id = ?::uuid", String.class, id)));
        assertThat(stored).doesNotContain(token.substring(SyncProtocol.TOKEN_PREFIX.length())).hasSize(64);
    }

    @Test
    void aTokenNeedsANameAndAnEditor() throws Exception {
        Tenant tenant = fixtures.tenant();

        mvc.perform(post(base(tenant) + "/gateway-tokens").header("Authorization", bearer(tenant, OrgRole.ADMIN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"  \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(post(base(tenant) + "/gateway-tokens").header("Authorization", bearer(tenant, OrgRole.VIEWER))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"edge\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void nodesAndTheExpectedHashShowWhatGatewaysRun() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"a\",\"url\":\"http://a.internal\"}");
        String viewer = bearer(tenant, OrgRole.VIEWER);
        String nodeId = "api-" + SyncFixtures.suffix();

        try (RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant))) {
            gateway.send(new Hello(SyncProtocol.VERSION, nodeId, "edge-1", "1.2.3", List.of(), 0, ""));
            Snapshot snapshot = (Snapshot) gateway.next(Duration.ofSeconds(10));
            gateway.send(new io.gatehouse.gateway.sync.Ack(snapshot.revision(), snapshot.hash()));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.IN_SYNC);

            mvc.perform(get(base(tenant) + "/nodes").header("Authorization", viewer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.data[0].id").value(nodeId))
                    .andExpect(jsonPath("$.data[0].hostname").value("edge-1"))
                    .andExpect(jsonPath("$.data[0].version").value("1.2.3"))
                    .andExpect(jsonPath("$.data[0].sync_status").value("in_sync"))
                    .andExpect(jsonPath("$.data[0].connected").value(true))
                    .andExpect(jsonPath("$.data[0].config_hash").value(snapshot.hash()));
            mvc.perform(get(base(tenant) + "/expected-config-hash").header("Authorization", viewer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.revision").value(1))
                    .andExpect(jsonPath("$.expected_hash").value(SyncedConfig.hash(snapshot.config())));
            mvc.perform(get(base(tenant) + "/nodes/" + nodeId).header("Authorization", viewer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.id").value(nodeId))
                    .andExpect(jsonPath("$.sync_status").value("in_sync"))
                    .andExpect(jsonPath("$.sync_errors").isEmpty());

            // Two refused revisions: both stay in the node's history, newest first.
            for (String name : List.of("b", "c")) {
                fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"" + name + "\",\"url\":\"http://x.internal\"}");
                Delta delta = (Delta) gateway.next(Duration.ofSeconds(10));
                gateway.send(new Nack(delta.revision(), "cannot apply " + name, List.of("services." + name + ": refused")));
                long refused = delta.revision();
                await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.syncErrors(tenant, nodeId).stream()
                        .anyMatch(error -> error.revision() == refused));
            }
            mvc.perform(get(base(tenant) + "/nodes/" + nodeId + "/sync-errors").header("Authorization", viewer))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.data.length()").value(2))
                    .andExpect(jsonPath("$.data[0].revision").value(3))
                    .andExpect(jsonPath("$.data[0].kind").value("nack"))
                    .andExpect(jsonPath("$.data[0].error").value(org.hamcrest.Matchers.containsString("cannot apply c")))
                    .andExpect(jsonPath("$.data[0].occurred_at").isNotEmpty())
                    .andExpect(jsonPath("$.data[1].revision").value(2));
            mvc.perform(get(base(tenant) + "/nodes/" + nodeId).header("Authorization", viewer))
                    .andExpect(jsonPath("$.sync_status").value("nacked"))
                    .andExpect(jsonPath("$.sync_errors.length()").value(2));
            mvc.perform(get(base(tenant) + "/nodes/no-such-node/sync-errors").header("Authorization", viewer))
                    .andExpect(status().isNotFound());
        }
    }

    @Test
    void anotherOrganizationsControlPlaneIsNotFound() throws Exception {
        Tenant mine = fixtures.tenant();
        Tenant theirs = fixtures.tenant();
        String token = bearer(mine, OrgRole.ADMIN);

        mvc.perform(get(base(theirs) + "/nodes/any/sync-errors").header("Authorization", token))
                .andExpect(status().isNotFound());
        mvc.perform(get(base(theirs) + "/nodes").header("Authorization", token)).andExpect(status().isNotFound());
        mvc.perform(get(base(theirs) + "/gateway-tokens").header("Authorization", token)).andExpect(status().isNotFound());
        mvc.perform(post(base(theirs) + "/gateway-tokens").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}")).andExpect(status().isNotFound());
        mvc.perform(get(base(theirs) + "/expected-config-hash").header("Authorization", token))
                .andExpect(status().isNotFound());
        UUID theirToken = fixtures.in(theirs, () -> fixtures.tokens.create(theirs.plane(), "theirs")).details().id();
        mvc.perform(delete(base(mine) + "/gateway-tokens/" + theirToken).header("Authorization", token))
                .andExpect(status().isNotFound());
    }
}
