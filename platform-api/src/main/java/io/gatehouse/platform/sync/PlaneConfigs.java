package io.gatehouse.platform.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.platform.gateways.entities.WireForm;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Reads one control plane's config for the hub, in the platform scope and always filtered by the control
 * plane the session's token names. Each read runs in one REPEATABLE READ read-only transaction, so the
 * revision and the entities it returns belong together even while writers commit.
 *
 * <p>An entity travels as the normal form ({@link io.gatehouse.gateway.config.EntityTypes#normalForm}) of its stored
 * document plus its {@code id} and references as {@code {"id": …}}: the config language's definition of that entity
 * with every default filled in, so the {@link io.gatehouse.gateway.config.ConfigHash} of what a gateway receives is
 * the hash of the same config read from a file.
 *
 * <p>That form and its digest ({@link WireForm}) are stored with each row when it is written, so a read is a read:
 * no replica normalises 100,000 entities for its first snapshot. A row without one (written before wire forms were
 * stored, or by plain SQL; the {@code gw_entity_wire_form_guard} trigger also clears a form whose row was changed
 * without it) gets it made here, in parallel across the cores, and stored, so that cost is paid once per entity
 * version, not once per replica. Storing is guarded by the row version that was read ({@code xmin}) and skips rows
 * another transaction holds, so concurrent writers and replicas filling the same rows never overwrite a newer
 * version's form, nor wait for each other.
 */
@Component
class PlaneConfigs {

    private static final Logger log = LoggerFactory.getLogger(PlaneConfigs.class);

    /** What is read of each row; the source columns only when its wire form was not made yet. */
    private static final String COLUMNS = "id::text as id, entity_type, wire_digest, xmin::text as row_version,"
            + " case when wire_digest is null then document::text end as document, service_id::text,"
            + " route_id::text, consumer_id::text, upstream_id::text, consumer_group_id::text, certificate_id::text";
    private static final int FETCH_SIZE = 2_000;
    /** Rows stored per statement when filling in missing wire forms. */
    static final int STORE_BATCH = 1_000;
    /** Config hashes remembered for {@code expected-config-hash}, at most this many control planes. */
    private static final int HASHES_KEPT = 10_000;

    /** The config of a control plane at a revision. */
    record Config(long revision, List<WireEntities.WireEntity> entities) {
    }

    /** The config hash of a control plane at a revision. */
    record HashAt(long revision, String hash) {
    }

    /** The changes between two revisions, net of each other (an entity created then deleted is one delete). */
    record Changes(long fromRevision, long revision, List<WireEntities.WireEntity> upserts, List<EntityKey> deletes) {
    }

    /** One row as read: its wire form when it has one, else what to make it from. */
    private record Stored(WireEntities.WireEntity ready, WireEntities.Source missing) {

        String id() {
            return ready != null ? ready.id() : missing.id();
        }

        String type() {
            return ready != null ? ready.type() : missing.type();
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batchJdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate snapshotTx;
    private final TransactionTemplate storeTx;
    private final Map<UUID, HashAt> hashes = new ConcurrentHashMap<>();

    PlaneConfigs(JdbcClient jdbc, JdbcTemplate batchJdbc, TenantScopes scopes, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.scopes = scopes;
        this.snapshotTx = new TransactionTemplate(transactions);
        snapshotTx.setReadOnly(true);
        snapshotTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.storeTx = new TransactionTemplate(transactions);
    }

    /** The control plane's current revision, or empty when it no longer exists. */
    Optional<Long> revision(UUID controlPlaneId) {
        return read(() -> currentRevision(controlPlaneId));
    }

    /** The whole config at the current revision, or empty when the control plane no longer exists. */
    Optional<Config> snapshot(UUID controlPlaneId) {
        Optional<RawConfig> raw = read(() -> currentRevision(controlPlaneId).map(revision -> new RawConfig(revision,
                jdbc.sql("select " + COLUMNS + ", wire_document from gw_entity where control_plane_id = :cp")
                        .withFetchSize(FETCH_SIZE)
                        .param("cp", controlPlaneId)
                        .query((rs, n) -> row(rs, true))
                        .list())));
        // Outside the transaction: the rows are read; what is left is making the missing forms, if any.
        return raw.map(found -> new Config(found.revision(), complete(found.rows())));
    }

    /**
     * The config hash at the current revision, or empty when the control plane no longer exists: one revision read
     * when it is the revision last asked about, else the stored digests recombined (no document is read).
     */
    Optional<HashAt> hash(UUID controlPlaneId) {
        Optional<HashAt> known = read(() -> currentRevision(controlPlaneId).map(revision -> {
            HashAt cached = hashes.get(controlPlaneId);
            return cached != null && cached.revision() == revision ? cached : new HashAt(revision, null);
        }));
        if (known.isEmpty()) {
            hashes.remove(controlPlaneId);
            return known;
        }
        if (known.get().hash() != null) {
            return known;
        }
        Optional<RawConfig> raw = read(() -> currentRevision(controlPlaneId).map(revision -> new RawConfig(revision,
                jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp")
                        .withFetchSize(FETCH_SIZE)
                        .param("cp", controlPlaneId)
                        .query((rs, n) -> row(rs, false))
                        .list())));
        return raw.map(found -> {
            TreeMap<EntityKey, byte[]> digests = new TreeMap<>();
            complete(found.rows()).forEach(entity -> digests.put(entity.key(), entity.digest()));
            HashAt made = new HashAt(found.revision(), ConfigHash.combine(digests.values()));
            if (hashes.size() >= HASHES_KEPT) {
                hashes.clear();
            }
            hashes.put(controlPlaneId, made);
            return made;
        });
    }

    private record RawConfig(long revision, List<Stored> rows) {
    }

    private record RawChanges(long fromRevision, long revision, Map<EntityKey, String> touched, Map<String, Stored> present) {
    }

    /**
     * The changes after {@code fromRevision} up to the current revision; empty when a delta cannot be built:
     * the control plane is gone, the log no longer reaches back to {@code fromRevision} (compacted, or the
     * gateway claims a revision this control plane never had), or more than {@code maxChanges} entities changed.
     */
    Optional<Changes> changesSince(UUID controlPlaneId, long fromRevision, int maxChanges) {
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
            Map<String, Stored> present = new HashMap<>();
            if (!touched.isEmpty()) {
                jdbc.sql("select " + COLUMNS + ", wire_document from gw_entity where control_plane_id = :cp"
                        + " and id = any(:ids)")
                        .param("cp", controlPlaneId)
                        .param("ids", touched.values().stream().map(UUID::fromString).toArray(UUID[]::new))
                        .query((rs, n) -> row(rs, true))
                        .list()
                        .forEach(row -> present.put(row.id(), row));
            }
            return Optional.of(new RawChanges(fromRevision, revision, touched, present));
        });
        return raw.map(found -> {
            List<Stored> upserted = new ArrayList<>();
            List<EntityKey> deletes = new ArrayList<>();
            found.touched().forEach((key, id) -> {
                Stored row = found.present().get(id);
                if (row != null && row.type().equals(key.type())) {
                    upserted.add(row);
                } else {
                    deletes.add(key);
                }
            });
            return new Changes(found.fromRevision(), found.revision(), complete(upserted), deletes);
        });
    }

    private Optional<Long> currentRevision(UUID controlPlaneId) {
        return jdbc.sql("select revision from gw_control_plane where id = :cp").param("cp", controlPlaneId)
                .query(Long.class).optional();
    }

    private static Stored row(ResultSet rs, boolean withDocument) throws SQLException {
        String id = rs.getString("id");
        String type = rs.getString("entity_type");
        byte[] digest = rs.getBytes("wire_digest");
        if (digest != null) {
            return new Stored(WireEntities.WireEntity.of(type, id, digest,
                    withDocument ? rs.getString("wire_document") : null), null);
        }
        String[] references = new String[WireEntities.Source.REFERENCES.length];
        for (int i = 0; i < references.length; i++) {
            references[i] = rs.getString(WireEntities.Source.REFERENCES[i][0]);
        }
        return new Stored(null, new WireEntities.Source(id, type, rs.getString("document"), references,
                rs.getString("row_version")));
    }

    /**
     * The wire entities of rows as read, in their order: the stored ones as they are; the missing ones made (in
     * parallel over the common pool when there are many) and stored for every later read on any replica.
     */
    private List<WireEntities.WireEntity> complete(List<Stored> rows) {
        List<WireEntities.Source> missing = rows.stream().filter(row -> row.ready() == null).map(Stored::missing).toList();
        if (missing.isEmpty()) {
            return rows.stream().map(Stored::ready).toList();
        }
        Map<String, WireForm> made = (missing.size() < 256 ? missing.stream() : missing.parallelStream())
                .collect(Collectors.toConcurrentMap(WireEntities.Source::id, WireEntities.Source::wireForm));
        store(missing, made);
        return rows.stream().map(row -> row.ready() != null ? row.ready()
                : WireEntities.WireEntity.of(row.type(), row.id(), made.get(row.id()))).toList();
    }

    /**
     * Stores wire forms made for rows that had none, in batches of {@link #STORE_BATCH}, each in its own short
     * transaction. A row is written only if it is still the version that was read and still has no form; a row
     * locked by another transaction (a writer, or another replica storing the same form) is skipped. Failing to
     * store costs only making the form again on a later read, so a failure is logged, not raised.
     *
     * @return how many rows got their wire form stored
     */
    int store(List<WireEntities.Source> sources, Map<String, WireForm> forms) {
        int stored = 0;
        for (int from = 0; from < sources.size(); from += STORE_BATCH) {
            List<WireEntities.Source> batch = sources.subList(from, Math.min(sources.size(), from + STORE_BATCH));
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (WireEntities.Source source : batch) {
                WireForm form = forms.get(source.id());
                rows.add(new Object[] { form.digest(), form.document(), UUID.fromString(source.id()), source.rowVersion() });
            }
            try {
                // One primary-key lookup per row, sent as one JDBC batch: a join of the batch with gw_entity may be
                // planned as a scan of the whole table, once per batch.
                int[] counts = scopes.call(TenantScope.platform(), () -> storeTx.execute(status -> batchJdbc.batchUpdate("""
                        update gw_entity set wire_digest = ?, wire_document = ?
                        where id = (select id from gw_entity where id = ? and xmin = cast(? as xid)
                                    and wire_digest is null for update skip locked)
                        """, rows)));
                for (int count : counts) {
                    stored += Math.max(0, count);
                }
            } catch (DataAccessException ex) {
                log.warn("Could not store the wire forms of {} entities; they are made again on the next read",
                        batch.size(), ex);
            }
        }
        return stored;
    }

    private <T> Optional<T> read(java.util.function.Supplier<Optional<T>> work) {
        return scopes.call(TenantScope.platform(), () -> snapshotTx.execute(status -> work.get()));
    }
}
