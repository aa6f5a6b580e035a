package io.gatehouse.platform.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.config.EntityTypes;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Reads one control plane's config for the hub, in the platform scope and always filtered by the control
 * plane the session's token names. Each read runs in one REPEATABLE READ read-only transaction, so the
 * revision and the entities it returns belong together even while writers commit.
 *
 * <p>An entity travels as the normal form ({@link EntityTypes#normalForm}) of its stored document plus its
 * {@code id} and references as {@code {"id": …}}: the config language's definition of that entity with every
 * default filled in, so the {@link io.gatehouse.gateway.config.ConfigHash} of what a gateway receives is the
 * hash of the same config read from a file. A document this control plane's own config language cannot read
 * (only possible when the database was written by a newer version) travels as stored, and the gateway's
 * strict check decides.
 *
 * <p>Rows are streamed with a fetch size and read as text; turning them into what is sent (normal form, digest,
 * encoding) is the expensive part, so it is done once per stored version of an entity ({@link WireEntities}) and
 * in parallel across the cores for the rows not seen before.
 */
@Component
class PlaneConfigs {

    private static final String COLUMNS = "id::text as id, entity_type, document::text as document, service_id::text,"
            + " route_id::text, consumer_id::text, upstream_id::text, consumer_group_id::text, certificate_id::text";
    private static final int FETCH_SIZE = 2_000;

    /** The config of a control plane at a revision. */
    record Config(long revision, List<WireEntities.WireEntity> entities) {
    }

    /** The changes between two revisions, net of each other (an entity created then deleted is one delete). */
    record Changes(long fromRevision, long revision, List<WireEntities.WireEntity> upserts, List<EntityKey> deletes) {

        List<SyncEntity> upsertEntities() {
            return upserts.stream().map(WireEntities.WireEntity::entity).toList();
        }
    }

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate snapshotTx;

    PlaneConfigs(JdbcClient jdbc, TenantScopes scopes, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.snapshotTx = new TransactionTemplate(transactions);
        snapshotTx.setReadOnly(true);
        snapshotTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** The control plane's current revision, or empty when it no longer exists. */
    Optional<Long> revision(UUID controlPlaneId) {
        return read(() -> currentRevision(controlPlaneId));
    }

    /** The whole config at the current revision, or empty when the control plane no longer exists. */
    Optional<Config> snapshot(UUID controlPlaneId) {
        return snapshot(controlPlaneId, new WireEntities());
    }

    /** The whole config at the current revision, reusing (and filling) {@code forms}. */
    Optional<Config> snapshot(UUID controlPlaneId, WireEntities forms) {
        Optional<RawConfig> raw = read(() -> currentRevision(controlPlaneId).map(revision -> new RawConfig(revision,
                jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp")
                        .withFetchSize(FETCH_SIZE)
                        .param("cp", controlPlaneId)
                        .query((rs, n) -> row(rs))
                        .list())));
        // Outside the transaction: the rows are read, what is left is CPU work.
        return raw.map(found -> new Config(found.revision(), wire(found.rows(), forms)));
    }

    private record RawConfig(long revision, List<WireEntities.Row> rows) {
    }

    private record RawChanges(long fromRevision, long revision, Map<EntityKey, String> touched,
            Map<String, WireEntities.Row> present) {
    }

    /**
     * The changes after {@code fromRevision} up to the current revision; empty when a delta cannot be built:
     * the control plane is gone, the log no longer reaches back to {@code fromRevision} (compacted, or the
     * gateway claims a revision this control plane never had), or more than {@code maxChanges} entities changed.
     */
    Optional<Changes> changesSince(UUID controlPlaneId, long fromRevision, int maxChanges) {
        return changesSince(controlPlaneId, fromRevision, maxChanges, new WireEntities());
    }

    /** As {@link #changesSince(UUID, long, int)}, reusing (and filling) {@code forms}. */
    Optional<Changes> changesSince(UUID controlPlaneId, long fromRevision, int maxChanges, WireEntities forms) {
        Optional<RawChanges> raw = read(() -> {
            Optional<Long> current = currentRevision(controlPlaneId);
            if (current.isEmpty() || fromRevision > current.get() || fromRevision < 0) {
                return Optional.empty();
            }
            long revision = current.get();
            if (fromRevision == revision) {
                return Optional.of(new RawChanges(fromRevision, revision, Map.of(), Map.of()));
            }
            // One statement: whether the log reaches back to the first revision after the gateway's (or was
            // compacted past it), and the entities touched since.
            Map<EntityKey, String> touched = new LinkedHashMap<>();
            boolean[] reachesBack = { false };
            jdbc.sql("""
                    select exists (select 1 from gw_change where control_plane_id = :cp and revision = :next) as reaches,
                        c.entity_type, c.entity_id::text as entity_id
                    from (select 1) one left join (
                        select distinct entity_type, entity_id from gw_change
                        where control_plane_id = :cp and revision > :from and revision <= :to) c on true
                    """)
                    .param("cp", controlPlaneId).param("next", fromRevision + 1).param("from", fromRevision)
                    .param("to", revision)
                    .query(rs -> {
                        reachesBack[0] = rs.getBoolean("reaches");
                        String id = rs.getString("entity_id");
                        if (id != null) {
                            touched.put(new EntityKey(rs.getString("entity_type"), id), id);
                        }
                    });
            if (!reachesBack[0] || touched.size() > maxChanges) {
                return Optional.empty();
            }
            Map<String, WireEntities.Row> present = new HashMap<>();
            if (!touched.isEmpty()) {
                jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp and id = any(:ids)")
                        .param("cp", controlPlaneId)
                        .param("ids", touched.values().stream().map(UUID::fromString).toArray(UUID[]::new))
                        .query((rs, n) -> row(rs))
                        .list()
                        .forEach(row -> present.put(row.id(), row));
            }
            return Optional.of(new RawChanges(fromRevision, revision, touched, present));
        });
        return raw.map(found -> {
            List<WireEntities.WireEntity> upserts = new ArrayList<>();
            List<EntityKey> deletes = new ArrayList<>();
            found.touched().forEach((key, id) -> {
                WireEntities.Row row = found.present().get(id);
                if (row != null && row.type().equals(key.type())) {
                    upserts.add(forms.of(row));
                } else {
                    deletes.add(key);
                }
            });
            return new Changes(found.fromRevision(), found.revision(), upserts, deletes);
        });
    }

    private Optional<Long> currentRevision(UUID controlPlaneId) {
        return jdbc.sql("select revision from gw_control_plane where id = :cp").param("cp", controlPlaneId)
                .query(Long.class).optional();
    }

    private static WireEntities.Row row(ResultSet rs) throws SQLException {
        String[] references = new String[WireEntities.REFERENCES.length];
        for (int i = 0; i < references.length; i++) {
            references[i] = rs.getString(WireEntities.REFERENCES[i][0]);
        }
        return new WireEntities.Row(rs.getString("id"), rs.getString("entity_type"), rs.getString("document"), references);
    }

    /** The wire forms of rows, in parallel over the common pool: most of a cold snapshot's time is this. */
    private static List<WireEntities.WireEntity> wire(List<WireEntities.Row> rows, WireEntities forms) {
        return rows.size() < 256 ? rows.stream().map(forms::of).toList() : rows.parallelStream().map(forms::of).toList();
    }

    private <T> Optional<T> read(java.util.function.Supplier<Optional<T>> work) {
        return scopes.call(TenantScope.platform(), () -> snapshotTx.execute(status -> work.get()));
    }
}
