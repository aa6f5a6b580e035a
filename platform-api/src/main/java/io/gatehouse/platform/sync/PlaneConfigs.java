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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
 */
@Component
class PlaneConfigs {

    private static final String[][] REFERENCES = { { "service_id", "service" }, { "route_id", "route" },
            { "consumer_id", "consumer" }, { "upstream_id", "upstream" }, { "consumer_group_id", "consumer_group" },
            { "certificate_id", "certificate" } };
    private static final String COLUMNS = "id, entity_type, document::text as document, service_id, route_id, consumer_id,"
            + " upstream_id, consumer_group_id, certificate_id";

    /** The config of a control plane at a revision. */
    record Config(long revision, List<SyncEntity> entities) {
    }

    /** The changes between two revisions, net of each other (an entity created then deleted is one delete). */
    record Changes(long fromRevision, long revision, List<SyncEntity> upserts, List<EntityKey> deletes) {
    }

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate snapshotTx;
    private final JsonMapper json = JsonMapper.builder().build();

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
        return read(() -> currentRevision(controlPlaneId).map(revision -> new Config(revision,
                jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp")
                        .param("cp", controlPlaneId)
                        .query((rs, n) -> entity(rs))
                        .list())));
    }

    /**
     * The changes after {@code fromRevision} up to the current revision; empty when a delta cannot be built:
     * the control plane is gone, the log no longer reaches back to {@code fromRevision} (compacted, or the
     * gateway claims a revision this control plane never had), or more than {@code maxChanges} entities changed.
     */
    Optional<Changes> changesSince(UUID controlPlaneId, long fromRevision, int maxChanges) {
        return read(() -> {
            Optional<Long> current = currentRevision(controlPlaneId);
            if (current.isEmpty() || fromRevision > current.get() || fromRevision < 0) {
                return Optional.empty();
            }
            long revision = current.get();
            if (fromRevision == revision) {
                return Optional.of(new Changes(fromRevision, revision, List.of(), List.of()));
            }
            // The log must hold the first revision after the gateway's, or it was compacted past it.
            boolean reachesBack = jdbc.sql("select exists (select 1 from gw_change where control_plane_id = :cp and revision = :next)")
                    .param("cp", controlPlaneId).param("next", fromRevision + 1).query(Boolean.class).single();
            if (!reachesBack) {
                return Optional.empty();
            }
            Map<EntityKey, UUID> touched = new LinkedHashMap<>();
            jdbc.sql("""
                    select distinct entity_type, entity_id from gw_change
                    where control_plane_id = :cp and revision > :from and revision <= :to
                    """)
                    .param("cp", controlPlaneId).param("from", fromRevision).param("to", revision)
                    .query((rs, n) -> touched.put(new EntityKey(rs.getString("entity_type"), rs.getString("entity_id")),
                            rs.getObject("entity_id", UUID.class)))
                    .list();
            if (touched.size() > maxChanges) {
                return Optional.empty();
            }
            Map<UUID, SyncEntity> present = new HashMap<>();
            if (!touched.isEmpty()) {
                jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp and id = any(:ids)")
                        .param("cp", controlPlaneId).param("ids", touched.values().toArray(UUID[]::new))
                        .query((rs, n) -> present.put(rs.getObject("id", UUID.class), entity(rs)))
                        .list();
            }
            List<SyncEntity> upserts = new ArrayList<>();
            List<EntityKey> deletes = new ArrayList<>();
            touched.forEach((key, id) -> {
                SyncEntity entity = present.get(id);
                if (entity != null && entity.type().equals(key.type())) {
                    upserts.add(entity);
                } else {
                    deletes.add(key);
                }
            });
            return Optional.of(new Changes(fromRevision, revision, upserts, deletes));
        });
    }

    private Optional<Long> currentRevision(UUID controlPlaneId) {
        return jdbc.sql("select revision from gw_control_plane where id = :cp").param("cp", controlPlaneId)
                .query(Long.class).optional();
    }

    private SyncEntity entity(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("id", id);
        document.setAll((ObjectNode) json.readTree(rs.getString("document")));
        for (String[] reference : REFERENCES) {
            String target = rs.getString(reference[0]);
            if (target != null) {
                document.putObject(reference[1]).put("id", target);
            }
        }
        String type = rs.getString("entity_type");
        return new SyncEntity(type, id, normalForm(type, document));
    }

    private static JsonNode normalForm(String type, ObjectNode document) {
        Optional<EntityTypes.Type<?>> known = EntityTypes.find(type);
        if (known.isEmpty()) {
            return document;
        }
        try {
            return EntityTypes.normalForm(known.get(), document);
        } catch (JacksonException ex) {
            return document;
        }
    }

    private <T> Optional<T> read(java.util.function.Supplier<Optional<T>> work) {
        return scopes.call(TenantScope.platform(), () -> snapshotTx.execute(status -> work.get()));
    }
}
