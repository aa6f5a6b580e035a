package io.gatehouse.platform.gateways.entities;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SQL for {@code gw_entity}. Every query names the control plane; row-level security adds the tenant.
 * Listing is keyset-paged on {@code (control_plane_id, entity_type, id)}, so page 1 and page 1,000 cost the same.
 */
@Repository
class EntityStore {

    private static final String COLUMNS = "id, control_plane_id, entity_type, name, tags, document, service_id,"
            + " route_id, consumer_id, upstream_id, consumer_group_id, certificate_id, created_at, updated_at, version";
    private static final String TAGS_PARAM = "array(select jsonb_array_elements_text(cast(:tags as jsonb)))";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EntityStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<GatewayEntity> findById(UUID controlPlaneId, EntityType type, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp and entity_type = :type"
                + " and id = :id")
                .param("cp", controlPlaneId).param("type", type.wireName()).param("id", id)
                .query(this::map).optional();
    }

    Optional<GatewayEntity> findByName(UUID controlPlaneId, EntityType type, String name) {
        return jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp and entity_type = :type"
                + " and name = :name")
                .param("cp", controlPlaneId).param("type", type.wireName()).param("name", name)
                .query(this::map).optional();
    }

    /** A page of entities after {@code after} in id order, matching the filter. */
    List<GatewayEntity> page(UUID controlPlaneId, EntityType type, EntityFilter filter, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from gw_entity where control_plane_id = :cp and entity_type = :type");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("cp", controlPlaneId);
        params.put("type", type.wireName());
        if (after != null) {
            sql.append(" and id > :after");
            params.put("after", after);
        }
        if (filter.name() != null) {
            sql.append(" and name = :name");
            params.put("name", filter.name());
        }
        if (!filter.tags().isEmpty()) {
            sql.append(filter.anyTag() ? " and tags && " : " and tags @> ").append(TAGS_PARAM);
            params.put("tags", json.writeValueAsString(filter.tags()));
        }
        filter.references().forEach((reference, id) -> {
            sql.append(" and ").append(reference.column()).append(" = :").append(reference.column());
            params.put(reference.column(), id);
        });
        sql.append(" order by id limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    /** Every entity of a control plane, for export and whole-config validation. */
    List<GatewayEntity> all(UUID controlPlaneId) {
        return jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp order by entity_type, id")
                .param("cp", controlPlaneId).query(this::map).list();
    }

    /** The entities that reference {@code id} through any reference column. */
    List<GatewayEntity> referencing(UUID controlPlaneId, UUID id) {
        StringJoiner any = new StringJoiner(" or ", "(", ")");
        Arrays.stream(EntityType.Reference.values()).forEach(reference -> any.add(reference.column() + " = :id"));
        return jdbc.sql("select " + COLUMNS + " from gw_entity where control_plane_id = :cp and " + any
                + " order by entity_type, id")
                .param("cp", controlPlaneId).param("id", id).query(this::map).list();
    }

    void insert(GatewayEntity entity, UUID orgId) {
        jdbc.sql("insert into gw_entity (" + COLUMNS + ", org_id, wire_digest, wire_document)"
                + " values (:id, :cp, :type, :name, " + TAGS_PARAM + ", cast(:document as jsonb), :service_id, :route_id,"
                + " :consumer_id, :upstream_id, :consumer_group_id,"
                + " :certificate_id, :created_at, :updated_at, :version, :org, :wire_digest, :wire_document)")
                .params(params(entity)).param("org", orgId)
                .update();
    }

    /** Writes a new state of an entity if it is still at {@code expectedVersion}; false when it is not. */
    boolean update(GatewayEntity entity, long expectedVersion) {
        return jdbc.sql("update gw_entity set name = :name, tags = " + TAGS_PARAM + ", document = cast(:document as jsonb),"
                + " service_id = :service_id, route_id = :route_id, consumer_id = :consumer_id,"
                + " upstream_id = :upstream_id, consumer_group_id = :consumer_group_id,"
                + " certificate_id = :certificate_id, updated_at = :updated_at, version = :version,"
                + " wire_digest = :wire_digest, wire_document = :wire_document"
                + " where id = :id and control_plane_id = :cp and version = :expected")
                .params(params(entity)).param("expected", expectedVersion)
                .update() == 1;
    }

    boolean delete(UUID controlPlaneId, UUID id) {
        return jdbc.sql("delete from gw_entity where control_plane_id = :cp and id = :id")
                .param("cp", controlPlaneId).param("id", id).update() == 1;
    }

    private Map<String, Object> params(GatewayEntity entity) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("id", entity.id());
        params.put("cp", entity.controlPlaneId());
        params.put("type", entity.type().wireName());
        params.put("name", entity.name());
        params.put("tags", json.writeValueAsString(entity.tags()));
        params.put("document", json.writeValueAsString(entity.document()));
        for (EntityType.Reference reference : EntityType.Reference.values()) {
            params.put(reference.column(), entity.reference(reference));
        }
        params.put("created_at", Timestamp.from(entity.createdAt()));
        params.put("updated_at", Timestamp.from(entity.updatedAt()));
        params.put("version", entity.version());
        WireForm wire = wireForm(entity);
        params.put("wire_digest", wire.digest());
        params.put("wire_document", wire.document());
        return params;
    }

    /**
     * What config sync will send for this version of the entity, written with it: made here, where the entity is in
     * hand, it costs one normalisation per write instead of one per entity on every replica's first snapshot.
     */
    static WireForm wireForm(GatewayEntity entity) {
        Map<String, String> references = new java.util.HashMap<>();
        entity.references().forEach((reference, target) -> references.put(reference.field(), target.toString()));
        return WireForm.of(entity.type().wireName(), entity.id().toString(), entity.document(), references);
    }

    private GatewayEntity map(ResultSet rs, int row) throws SQLException {
        Map<EntityType.Reference, UUID> references = new EnumMap<>(EntityType.Reference.class);
        for (EntityType.Reference reference : EntityType.Reference.values()) {
            UUID id = rs.getObject(reference.column(), UUID.class);
            if (id != null) {
                references.put(reference, id);
            }
        }
        String[] tags = (String[]) rs.getArray("tags").getArray();
        return new GatewayEntity(rs.getObject("id", UUID.class), rs.getObject("control_plane_id", UUID.class),
                EntityType.byWireName(rs.getString("entity_type")), rs.getString("name"),
                new ArrayList<>(Arrays.asList(tags)), (ObjectNode) json.readTree(rs.getString("document")),
                references, rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }
}
