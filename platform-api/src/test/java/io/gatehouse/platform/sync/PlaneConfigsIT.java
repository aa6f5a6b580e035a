package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.EntityTypes;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncedConfig;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.WireForm;
import io.gatehouse.platform.gateways.entities.Written;
import io.gatehouse.platform.sync.SyncFixtures.Tenant;
import io.gatehouse.platform.tenancy.TenantScope;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each entity's wire form is stored with its row: made by the write path, or made once on first read for rows
 * written without one, never stale, never stored over a newer row version, and what the hub sends.
 */
@SpringBootTest
@Timeout(120)
class PlaneConfigsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PlaneConfigs configs;

    SyncFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new SyncFixtures(context);
    }

    /** The row's stored wire form, or {@code null}s when it has none. */
    record StoredForm(String document, byte[] digest, String rowVersion) {
    }

    StoredForm stored(UUID id) {
        return platform(() -> jdbc.queryForObject("select wire_document, wire_digest, xmin::text from gw_entity where id = ?",
                (rs, n) -> new StoredForm(rs.getString(1), rs.getBytes(2), rs.getString(3)), id));
    }

    /** The wire form made afresh from the row as stored now, as a replica fills in a missing one. */
    WireEntities.Source source(UUID id) {
        return platform(() -> jdbc.queryForObject("select id::text, entity_type, document::text, service_id::text, route_id::text,"
                + " consumer_id::text, upstream_id::text, consumer_group_id::text, certificate_id::text, xmin::text"
                + " from gw_entity where id = ?", (rs, n) -> new WireEntities.Source(rs.getString(1), rs.getString(2),
                        rs.getString(3), new String[] { rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getString(8), rs.getString(9) }, rs.getString(10)), id));
    }

    <T> T platform(java.util.function.Supplier<T> work) {
        return fixtures.scopes.call(TenantScope.platform(), () -> tx.execute(status -> work.get()));
    }

    UUID insertBySql(Tenant tenant, String name) {
        UUID id = UUID.randomUUID();
        platform(() -> jdbc.update("""
                insert into gw_entity (id, org_id, control_plane_id, entity_type, name, document, created_at, updated_at)
                values (?, ?, ?, 'service', ?, cast(? as jsonb), now(), now())
                """, id, tenant.org().orgId().value(), tenant.plane().id(), name,
                "{\"name\":\"" + name + "\",\"host\":\"" + name + ".internal\",\"port\":8080}"));
        return id;
    }

    @Test
    void theWritePathStoresTheCanonicalNormalFormAndItsDigestWithEachVersion() {
        Tenant tenant = fixtures.tenant();
        Written service = fixtures.create(tenant, EntityType.SERVICE,
                "{\"name\":\"orders\",\"url\":\"http://orders.internal:8080\",\"tags\":[\"team-b\",\"team-a\"]}");
        Written route = fixtures.create(tenant, EntityType.ROUTE,
                "{\"name\":\"orders\",\"paths\":[\"/orders\"],\"service\":{\"name\":\"orders\"}}");
        Written plugin = fixtures.create(tenant, EntityType.PLUGIN,
                "{\"name\":\"rate-limiting\",\"route\":{\"name\":\"orders\"},\"config\":{\"minute\":5,\"policy\":\"local\"}}");

        for (Written written : List.of(service, route, plugin)) {
            UUID id = written.entity().id();
            StoredForm form = stored(id);
            WireForm fresh = source(id).wireForm();
            assertThat(form.document()).isEqualTo(fresh.document());
            assertThat(form.digest()).isEqualTo(fresh.digest());
            var normal = EntityTypes.normalForm(EntityTypes.find(written.entity().type().wireName()).orElseThrow(),
                    JSON.readTree(form.document()));
            assertThat(form.document()).isEqualTo(ConfigHash.canonicalJson(normal));
        }
        assertThat(stored(route.entity().id()).document()).contains("\"service\":{\"id\":\"" + service.entity().id() + "\"}");
        assertThat(stored(plugin.entity().id()).document()).contains("\"minute\":5,");

        fixtures.in(tenant, () -> fixtures.entities.patch(tenant.plane().name(), EntityType.SERVICE, null, "orders",
                (ObjectNode) JSON.readTree("{\"url\":\"http://moved.internal:8080\"}"), null));
        assertThat(stored(service.entity().id()).document()).contains("moved.internal")
                .isEqualTo(source(service.entity().id()).wireForm().document());
    }

    @Test
    void rowsWrittenWithoutAWireFormGetItOnFirstReadAndKeepIt() {
        Tenant tenant = fixtures.tenant();
        fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"api\",\"url\":\"http://api.internal\"}");
        List<UUID> bySql = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) { // more than the parallel threshold
            bySql.add(insertBySql(tenant, "svc-" + i));
        }
        assertThat(stored(bySql.get(0)).document()).isNull();

        PlaneConfigs.Config first = configs.snapshot(tenant.plane().id()).orElseThrow();

        assertThat(first.entities()).hasSize(301);
        for (UUID id : List.of(bySql.get(0), bySql.get(299))) {
            StoredForm form = stored(id);
            assertThat(form.document()).isEqualTo(source(id).wireForm().document()).contains("\"port\":8080,");
            assertThat(form.digest()).isEqualTo(source(id).wireForm().digest());
        }
        assertThat(platform(() -> jdbc.queryForObject("select count(*) from gw_entity where control_plane_id = ?"
                + " and wire_digest is null", Long.class, tenant.plane().id()))).isZero();
        PlaneConfigs.Config again = configs.snapshot(tenant.plane().id()).orElseThrow();
        String hash = SyncedConfig.hash(again.entities().stream().map(WireEntities.WireEntity::entity).toList());
        assertThat(SyncedConfig.hash(first.entities().stream().map(WireEntities.WireEntity::entity).toList())).isEqualTo(hash);
        assertThat(configs.hash(tenant.plane().id()).orElseThrow().hash()).isEqualTo(hash);
    }

    @Test
    void aRowChangedByHandLosesItsWireFormAndTheHubSendsTheNewDocument() {
        Tenant tenant = fixtures.tenant();
        Written service = fixtures.create(tenant, EntityType.SERVICE, "{\"name\":\"orders\",\"url\":\"http://orders.internal\"}");
        String before = configs.hash(tenant.plane().id()).orElseThrow().hash();

        platform(() -> jdbc.update("update gw_entity set document = jsonb_set(document, '{host}', '\"changed.internal\"')"
                + " where id = ?", service.entity().id()));
        assertThat(stored(service.entity().id()).document()).isNull();
        platform(() -> jdbc.update("update gw_control_plane set revision = revision + 1 where id = ?", tenant.plane().id()));

        PlaneFeed feed = new PlaneFeed(tenant.plane().id(), configs, 100);
        Snapshot sent = (Snapshot) SyncCodec.read(feed.pushFor(0, "", true, java.util.Set.of()).text());
        assertThat(sent.config().get(0).document().get("host").asString()).isEqualTo("changed.internal");
        assertThat(stored(service.entity().id()).document()).contains("changed.internal");
        String after = configs.hash(tenant.plane().id()).orElseThrow().hash();
        assertThat(after).isNotEqualTo(before).isEqualTo(SyncedConfig.hash(sent.config())).isEqualTo(sent.hash());
    }

    @Test
    void aFormIsStoredOnlyOnTheRowVersionItWasMadeFrom() {
        Tenant tenant = fixtures.tenant();
        UUID id = insertBySql(tenant, "guarded");
        WireEntities.Source old = source(id);
        WireForm oldForm = old.wireForm();
        platform(() -> jdbc.update("update gw_entity set document = jsonb_set(document, '{port}', '9090') where id = ?", id));

        assertThat(configs.store(List.of(old), Map.of(old.id(), oldForm))).isZero();
        assertThat(stored(id).document()).isNull();

        WireEntities.Source current = source(id);
        assertThat(configs.store(List.of(current), Map.of(current.id(), current.wireForm()))).isEqualTo(1);
        assertThat(stored(id).document()).contains("\"port\":9090");
        // Stored once: a second replica that made the same form finds nothing left to store.
        assertThat(configs.store(List.of(current), Map.of(current.id(), current.wireForm()))).isZero();
    }

    @Test
    void aRowAnotherTransactionHoldsIsSkippedRatherThanWaitedFor() throws Exception {
        Tenant tenant = fixtures.tenant();
        UUID id = insertBySql(tenant, "held");
        WireEntities.Source source = source(id);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> platform(() -> {
            jdbc.queryForObject("select id from gw_entity where id = ? for update", UUID.class, id);
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(configs.store(List.of(source), Map.of(source.id(), source.wireForm()))).isZero();
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(configs.store(List.of(source), Map.of(source.id(), source.wireForm()))).isEqualTo(1);
    }
}
