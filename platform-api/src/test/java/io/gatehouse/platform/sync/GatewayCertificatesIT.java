package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import io.gatehouse.gateway.sync.CloseCodes;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client-certificate authentication on the sync listener over real TLS sockets: a certificate pinned through the
 * API lets a gateway (raw, and the real one started with {@code --cert/--key}) sync its control plane without a
 * token; an unpinned one is refused; removing the pin closes live sessions; the API is audited and tenant-bound.
 */
@SpringBootTest
@Timeout(120)
class GatewayCertificatesIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @TempDir
    Path directory;

    SyncFixtures fixtures;
    MockMvc mvc;
    SyncedGateway gateway;

    @BeforeEach
    void setUp() {
        fixtures = new SyncFixtures(context);
        mvc = fixtures.api();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    String base(Tenant tenant) {
        return "/api/v1/control-planes/" + tenant.plane().id() + "/gateway-certificates";
    }

    String pin(Tenant tenant, String editor, ClientCertificate certificate) throws Exception {
        String body = mvc.perform(post(base(tenant)).header("Authorization", editor).contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("name", "edge fleet", "certificate", certificate.pem()))))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.fingerprint_sha256").value(certificate.fingerprint()))
                .andExpect(jsonPath("$.subject").value("CN=" + certificate.certificate().getFileName().toString()
                        .replace(".pem", "")))
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body).get("id").asString();
    }

    @Test
    void aGatewayWithAPinnedCertificateSyncsWithoutATokenAndIsClosedWhenThePinIsRemoved() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"mtls\",\"url\":\"http://mtls.internal\"}");
        String editor = fixtures.bearer(tenant, OrgRole.EDITOR);
        ClientCertificate certificate = ClientCertificate.generate(directory, "edge-" + SyncFixtures.suffix());
        String id = pin(tenant, editor, certificate);

        try (RawGateway raw = RawGateway.withCertificate(fixtures.endpoint(), fixtures.trustedCertificate(), certificate)) {
            raw.send(new Hello(SyncProtocol.VERSION, "mtls-" + SyncFixtures.suffix(), "raw", "1", List.of(), 0, ""));
            Snapshot snapshot = (Snapshot) raw.next(WITHIN);
            assertThat(snapshot.config()).singleElement()
                    .satisfies(entity -> assertThat(entity.document().get("name").asString()).isEqualTo("mtls"));
            raw.send(new io.gatehouse.gateway.sync.Ack(snapshot.revision(), snapshot.hash()));
            await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).size() == 1
                    && fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.IN_SYNC);

            mvc.perform(delete(base(tenant) + "/" + id).header("Authorization", editor)).andExpect(status().isNoContent());

            var closed = raw.closeStatus(WITHIN);
            assertThat(closed.code()).isEqualTo(CloseCodes.TOKEN_REVOKED);
            assertThat(closed.reasonText()).contains("no longer pinned");
        }
        try (RawGateway again = RawGateway.withCertificate(fixtures.endpoint(), fixtures.trustedCertificate(), certificate)) {
            var refused = again.closeStatus(WITHIN);
            assertThat(refused.code()).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(refused.reasonText()).isEqualTo("the client certificate is not pinned to any control plane");
        }
        List<String> actions = fixtures.in(tenant, () -> tx.execute(s -> jdbc.queryForList(
                "select action from platform_audit_event where entity_id = ? order by occurred_at", String.class, id)));
        assertThat(actions).containsExactly("gateway-certificate.added", "gateway-certificate.removed");
    }

    @Test
    void theRealGatewayAuthenticatesWithCertAndKeyFlags() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"flags\",\"url\":\"http://flags.internal\"}");
        ClientCertificate certificate = ClientCertificate.generate(directory, "gw-" + SyncFixtures.suffix());
        pin(tenant, fixtures.bearer(tenant, OrgRole.EDITOR), certificate);

        gateway = SyncedGateway.start(new String[] { "--control-plane", fixtures.endpoint().toString(), "--trust",
                fixtures.trustedCertificate().toString(), "--cache-dir", directory.resolve("cache").toString(), "--host",
                "127.0.0.1", "--port", "0", "--status-port", "0", "--heartbeat-seconds", "1", "--max-backoff-seconds", "1" },
                Map.of("GATEHOUSE_GATEWAY_CERT", certificate.certificate().toString(), "GATEHOUSE_GATEWAY_KEY",
                        certificate.key().toString()));

        await().atMost(WITHIN).until(() -> gateway.config().current().revision() == 1);
        assertThat(gateway.config().current().services()).hasSize(1);
    }

    @Test
    void anUnpinnedCertificateIsRefusedAndTheApiIsTenantBoundAndChecksItsInput() throws Exception {
        Tenant mine = fixtures.tenant();
        Tenant theirs = fixtures.tenant();
        ClientCertificate stranger = ClientCertificate.generate(directory, "stranger-" + SyncFixtures.suffix());
        try (RawGateway raw = RawGateway.withCertificate(fixtures.endpoint(), fixtures.trustedCertificate(), stranger)) {
            assertThat(raw.closeStatus(WITHIN).code()).isEqualTo(CloseCodes.UNAUTHORIZED);
        }

        String myEditor = fixtures.bearer(mine, OrgRole.EDITOR);
        String theirId = pin(theirs, fixtures.bearer(theirs, OrgRole.EDITOR), stranger);
        mvc.perform(get(base(theirs)).header("Authorization", myEditor)).andExpect(status().isNotFound());
        mvc.perform(delete(base(theirs) + "/" + theirId).header("Authorization", myEditor)).andExpect(status().isNotFound());
        mvc.perform(delete(base(mine) + "/" + theirId).header("Authorization", myEditor)).andExpect(status().isNotFound());
        mvc.perform(post(base(theirs)).header("Authorization", myEditor).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(Map.of("name", "x", "certificate", stranger.pem()))))
                .andExpect(status().isNotFound());

        mvc.perform(post(base(mine)).header("Authorization", myEditor).contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("name", "again", "certificate", stranger.pem()))))
                .andExpect(status().isConflict());
        mvc.perform(post(base(mine)).header("Authorization", myEditor).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"bad\",\"certificate\":\"hello\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("certificate"));
        mvc.perform(post(base(mine)).header("Authorization", fixtures.bearer(mine, OrgRole.VIEWER))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("name", "v", "certificate", stranger.pem()))))
                .andExpect(status().isForbidden());
        mvc.perform(get(base(theirs)).header("Authorization", fixtures.bearer(theirs, OrgRole.VIEWER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data[0].fingerprint_sha256").value(stranger.fingerprint()));
    }
}
