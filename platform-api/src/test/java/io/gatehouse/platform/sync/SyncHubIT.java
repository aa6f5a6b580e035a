package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.gatehouse.gateway.sync.CloseCodes;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncClient;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncMessage;
import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.gateway.sync.SyncStatus;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.Written;
import io.gatehouse.platform.sync.SyncFixtures.RecordingRuntime;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;

/**
 * The sync hub and the gateway's sync client over real sockets (TLS with the generated certificate) against
 * a real PostgreSQL: snapshot, deltas, ACK/NACK, token revocation, heartbeats, the disk cache, isolation.
 */
@SpringBootTest
@Timeout(60)
class SyncHubIT {

    // Generous: the shared 2-core machine can stall a test JVM for seconds; every wait ends as soon as it holds.
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    ApplicationContext context;
    @TempDir
    Path cache;

    SyncFixtures fixtures;
    final List<SyncClient> clients = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        fixtures = new SyncFixtures(context);
    }

    @AfterEach
    void stopClients() {
        clients.forEach(SyncClient::stop);
    }

    SyncClient start(String token, RecordingRuntime runtime, Path cacheDirectory, URI endpoint) {
        SyncClient client = fixtures.client(fixtures.settings(token, cacheDirectory, endpoint), runtime);
        clients.add(client);
        client.start();
        return client;
    }

    @Test
    void aGatewayGetsTheConfigThenEachChangeAndTheRegistryShowsItInSync() {
        Tenant tenant = fixtures.tenant();
        Written service = fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"orders\",\"url\":\"http://orders.internal:8080\"}");
        fixtures.create(tenant, EntityType.ROUTE,
                "{\"name\":\"orders\",\"paths\":[\"/orders\"],\"service\":{\"id\":\"" + service.entity().id() + "\"}}");
        RecordingRuntime runtime = new RecordingRuntime();

        SyncClient client = start(fixtures.token(tenant), runtime, cache, fixtures.endpoint());

        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 2);
        assertThat(runtime.active.get().ofType("route")).singleElement()
                .satisfies(route -> assertThat(route.document().get("service").get("id").asString())
                        .isEqualTo(service.entity().id().toString()));
        await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).stream()
                .anyMatch(node -> node.status() == NodeSyncStatus.IN_SYNC && node.revision() == 2));
        assertThat(client.status().connection()).isEqualTo(SyncStatus.Connection.CONNECTED);
        assertThat(client.status().source()).isEqualTo("control_plane");

        fixtures.create(tenant, EntityType.ROUTE, "{\"name\":\"refunds\",\"paths\":[\"/refunds\"],\"service\":{\"id\":\""
                + service.entity().id() + "\"}}");
        await().atMost(WITHIN).until(() -> runtime.active.get().ofType("route").size() == 2);
        fixtures.delete(tenant, EntityType.ROUTE, "orders");
        await().atMost(WITHIN).until(() -> runtime.active.get().ofType("route").stream()
                .map(route -> route.document().get("name").asString()).toList().equals(List.of("refunds")));

        GatewayNode node = fixtures.nodes(tenant).get(0);
        await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).get(0).revision() == 4);
        assertThat(node.hostname()).isEqualTo("test-host");
        assertThat(node.ip()).isEqualTo("127.0.0.1");
        assertThat(fixtures.nodes(tenant).get(0).configHash()).isEqualTo(client.current().hash());
        assertThat(client.status().revision()).isEqualTo(4);
    }

    @Test
    void aGatewayHoldingNothingGetsASnapshotAndOneHoldingAnOlderRevisionGetsOnlyTheChanges() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"a\",\"url\":\"http://a.internal\"}");
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"b\",\"url\":\"http://b.internal\"}");
        String token = fixtures.token(tenant);

        Snapshot snapshot;
        try (RawGateway empty = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), token)) {
            empty.send(new Hello(SyncProtocol.VERSION, "raw-" + SyncFixtures.suffix(), "raw", "1", List.of(), 0, ""));
            snapshot = (Snapshot) empty.next(WITHIN);
        }
        assertThat(snapshot.revision()).isEqualTo(2);
        assertThat(snapshot.config()).hasSize(2);
        Written c = fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"c\",\"url\":\"http://c.internal\"}");

        try (RawGateway behind = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), token)) {
            behind.send(new Hello(SyncProtocol.VERSION, "raw-" + SyncFixtures.suffix(), "raw", "1", List.of(),
                    snapshot.revision(), snapshot.hash()));
            SyncMessage message = behind.next(WITHIN);

            assertThat(message).isInstanceOf(Delta.class);
            Delta delta = (Delta) message;
            assertThat(delta.fromRevision()).isEqualTo(2);
            assertThat(delta.revision()).isEqualTo(3);
            assertThat(delta.upserts()).extracting(SyncEntity::id).containsExactly(c.entity().id().toString());
            assertThat(delta.deletes()).isEmpty();
            List<SyncEntity> all = new java.util.ArrayList<>(snapshot.config());
            all.addAll(delta.upserts());
            assertThat(delta.hash()).isEqualTo(io.gatehouse.gateway.sync.SyncedConfig.hash(all));
        }
    }

    @Test
    void aBurstWhileAPushIsInFlightCollapsesIntoOneDeltaAfterTheAck() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"s0\",\"url\":\"http://s0.internal\"}");
        try (RawGateway slow = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant))) {
            slow.send(new Hello(SyncProtocol.VERSION, "slow-" + SyncFixtures.suffix(), "raw", "1", List.of(), 0, ""));
            Snapshot first = (Snapshot) slow.next(WITHIN);
            for (int i = 1; i <= 5; i++) {
                fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"s" + i + "\",\"url\":\"http://s.internal\"}");
            }
            Thread.sleep(300);
            assertThat(slow.received).as("nothing more while the snapshot is not acknowledged").isEmpty();

            slow.send(new io.gatehouse.gateway.sync.Ack(first.revision(), first.hash()));

            Delta delta = (Delta) slow.next(WITHIN);
            assertThat(delta.fromRevision()).isEqualTo(1);
            assertThat(delta.revision()).isEqualTo(6);
            assertThat(delta.upserts()).hasSize(5);
            Thread.sleep(300);
            assertThat(slow.received).isEmpty();
        }
    }

    @Test
    void aConfigTheGatewayCannotApplyIsNackedRecordedAndTheOldConfigKeepsServing() {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"good\",\"url\":\"http://good.internal\"}");
        RecordingRuntime runtime = new RecordingRuntime();
        runtime.refuse = entity -> entity.document().has("name") && entity.document().get("name").asString().equals("poison");
        SyncClient client = start(fixtures.token(tenant), runtime, cache, fixtures.endpoint());
        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 1);

        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"poison\",\"url\":\"http://poison.internal\"}");

        await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.NACKED);
        assertThat(fixtures.nodes(tenant).get(0).syncError()).contains("revision 2").contains("cannot compile service");
        assertThat(runtime.active.get().revision()).isEqualTo(1);
        assertThat(client.status().lastError()).contains("cannot compile");

        fixtures.delete(tenant, EntityType.SERVICE, "poison");

        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 3);
        await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.IN_SYNC);
        assertThat(runtime.active.get().ofType("service")).extracting(e -> e.document().get("name").asString())
                .containsExactly("good");
        // In sync again, the node's last error is cleared, but its history still shows what was refused.
        GatewayNode node = fixtures.nodes(tenant).get(0);
        assertThat(node.syncError()).isNull();
        assertThat(fixtures.syncErrors(tenant, node.id())).singleElement().satisfies(error -> {
            assertThat(error.revision()).isEqualTo(2);
            assertThat(error.kind()).isEqualTo("nack");
            assertThat(error.error()).contains("cannot compile service");
        });
    }

    @Test
    void aConfigWithAFieldThisGatewayDoesNotKnowIsNackedByTheGatewaysOwnCheck() throws Exception {
        Tenant tenant = fixtures.tenant();
        Written service = fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"s\",\"url\":\"http://s.internal\"}");
        RecordingRuntime runtime = new RecordingRuntime();
        start(fixtures.token(tenant), runtime, cache, fixtures.endpoint());
        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 1);

        // A newer control plane writes a field this gateway's config language does not have.
        fixtures.in(tenant, () -> context.getBean(org.springframework.transaction.support.TransactionTemplate.class)
                .execute(status -> {
                    context.getBean(org.springframework.jdbc.core.JdbcTemplate.class).update(
                            "update gw_entity set document = document || '{\"warp_speed\": 9}' where id = ?",
                            service.entity().id());
                    return context.getBean(io.gatehouse.platform.gateways.controlplanes.ControlPlaneRevisions.class)
                            .record(tenant.plane().id(), "service", service.entity().id(),
                                    io.gatehouse.platform.gateways.controlplanes.EntityChange.Op.UPDATE);
                }));

        await().atMost(WITHIN).until(() -> fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.NACKED);
        assertThat(fixtures.nodes(tenant).get(0).syncError()).contains("does not validate").contains("warp_speed");
        assertThat(runtime.active.get().revision()).isEqualTo(1);
    }

    @Test
    void aWrongTokenIsClosedWithAClearReason() {
        RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(),
                SyncProtocol.TOKEN_PREFIX + "not-a-real-token");
        try (gateway) {
            var status = gateway.closeStatus(WITHIN);
            assertThat(status.code()).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(status.reasonText()).contains("unknown or revoked gateway token");
        }
    }

    @Test
    void revokingATokenDisconnectsItsLiveGatewaysAndKeepsThemOut() {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"a\",\"url\":\"http://a.internal\"}");
        String token = fixtures.token(tenant);
        RecordingRuntime runtime = new RecordingRuntime();
        SyncClient client = start(token, runtime, cache, fixtures.endpoint());
        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 1);
        GatewayToken details = fixtures.in(tenant, () -> fixtures.tokens.list(tenant.plane())).get(0);

        fixtures.in(tenant, () -> fixtures.tokens.revoke(tenant.plane(), details.id()));

        await().atMost(Duration.ofSeconds(3)).until(() -> client.status().connection() == SyncStatus.Connection.DISCONNECTED
                && client.status().lastError() != null && client.status().lastError().startsWith("4003"));
        await().atMost(WITHIN).until(() -> client.status().lastError().startsWith("4001"));
        assertThat(runtime.active.get().revision()).isEqualTo(1);
    }

    @Test
    void deletingAControlPlaneClosesItsGatewaysWithTheReasonAndItsTokensNoLongerConnect() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"a\",\"url\":\"http://a.internal\"}");
        String token = fixtures.token(tenant);
        try (RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), token)) {
            gateway.send(new Hello(SyncProtocol.VERSION, "doomed-" + SyncFixtures.suffix(), "raw", "1", List.of(), 0, ""));
            Snapshot snapshot = (Snapshot) gateway.next(WITHIN);
            gateway.send(new io.gatehouse.gateway.sync.Ack(snapshot.revision(), snapshot.hash()));

            fixtures.in(tenant, () -> {
                fixtures.controlPlanes.delete(tenant.plane().id().toString(), null);
                return null;
            });

            var status = gateway.closeStatus(WITHIN);
            assertThat(status.code()).isEqualTo(CloseCodes.CONTROL_PLANE_GONE);
            assertThat(status.reasonText()).isEqualTo(SyncHub.CONTROL_PLANE_DELETED);
        }
        try (RawGateway again = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), token)) {
            assertThat(again.closeStatus(WITHIN).code()).as("the control plane's tokens went with it")
                    .isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void aSilentGatewayIsClosedAfterTheHeartbeatTimeout() {
        Tenant tenant = fixtures.tenant();
        try (RawGateway silent = RawGateway.silent(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant))) {
            silent.send(new Hello(SyncProtocol.VERSION, "silent-" + SyncFixtures.suffix(), "raw", "1", List.of(), 0, ""));

            var status = silent.closeStatus(WITHIN);

            assertThat(status.code()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
            assertThat(status.reasonText()).startsWith("no heartbeat for");
        }
    }

    @Test
    void anOldProtocolVersionIsRefusedByName() {
        Tenant tenant = fixtures.tenant();
        try (RawGateway old = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant))) {
            old.send(new Hello(0, "old-" + SyncFixtures.suffix(), "raw", "0.1", List.of(), 0, ""));

            var status = old.closeStatus(WITHIN);

            assertThat(status.code()).isEqualTo(CloseCodes.PROTOCOL_UNSUPPORTED);
            assertThat(status.reasonText()).contains("protocol version 0 is not supported");
        }
    }

    @Test
    void aGatewayMissingAPluginTheConfigUsesIsMarkedIncompatibleAndGetsNothing() throws Exception {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.PLUGIN, "{\"name\":\"cors\"}");
        try (RawGateway gateway = new RawGateway(fixtures.endpoint(), fixtures.trustedCertificate(), fixtures.token(tenant))) {
            gateway.send(new Hello(SyncProtocol.VERSION, "bare-" + SyncFixtures.suffix(), "raw", "1", List.of("key-auth"), 0, ""));

            await().atMost(WITHIN).until(() -> !fixtures.nodes(tenant).isEmpty()
                    && fixtures.nodes(tenant).get(0).status() == NodeSyncStatus.INCOMPATIBLE);
            assertThat(fixtures.nodes(tenant).get(0).syncError()).contains("plugins this gateway does not have: cors");
            assertThat(gateway.received).isEmpty();
        }
    }

    @Test
    void aGatewayTokenOfOneOrganizationNeverReceivesAnotherOrganizationsConfig() {
        Tenant a = fixtures.tenant();
        Tenant b = fixtures.tenant();
        Written ownService = fixtures.create(a, EntityType.SERVICE, "{\"name\":\"mine\",\"url\":\"http://mine.internal\"}");
        fixtures.create(b, EntityType.SERVICE, "{\"name\":\"theirs\",\"url\":\"http://theirs.internal\"}");
        RecordingRuntime runtime = new RecordingRuntime();
        start(fixtures.token(a), runtime, cache, fixtures.endpoint());
        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 1);

        fixtures.create(b, EntityType.SERVICE, "{\"name\":\"theirs-2\",\"url\":\"http://theirs2.internal\"}");
        fixtures.create(a, EntityType.SERVICE, "{\"name\":\"mine-2\",\"url\":\"http://mine2.internal\"}");
        await().atMost(WITHIN).until(() -> runtime.active.get().revision() == 2);

        Set<String> names = runtime.active.get().entities().values().stream()
                .map(entity -> entity.document().get("name").asString()).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("mine", "mine-2");
        assertThat(runtime.active.get().entities()).containsKey(new EntityKey("service", ownService.entity().id().toString()));
    }

    @Test
    void aRestartedGatewayServesFromItsCacheWhileTheControlPlaneIsUnreachable() {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"cached\",\"url\":\"http://cached.internal\"}");
        String token = fixtures.token(tenant);
        RecordingRuntime first = new RecordingRuntime();
        SyncClient running = start(token, first, cache, fixtures.endpoint());
        await().atMost(WITHIN).until(() -> first.active.get().revision() == 1);
        running.stop();

        RecordingRuntime restarted = new RecordingRuntime();
        URI nowhere = URI.create("wss://127.0.0.1:1/v1/sync");
        SyncClient offline = start(token, restarted, cache, nowhere);

        assertThat(restarted.active.get().revision()).isEqualTo(1);
        assertThat(restarted.active.get().hash()).isEqualTo(first.active.get().hash());
        assertThat(offline.status().source()).isEqualTo("cache");
        await().atMost(WITHIN).until(() -> offline.status().lastError() != null);
        assertThat(offline.status().connection()).isEqualTo(SyncStatus.Connection.DISCONNECTED);
    }
}
