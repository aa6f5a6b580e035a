package io.gatehouse.platform.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.config.EntityTypes;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncedConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entities of one control plane as the hub sends them, each computed once per stored version: its normal
 * form, its {@link io.gatehouse.gateway.config.ConfigHash} digest and its JSON encoding. A stored row is
 * recognised by its source (type, document text and reference columns exactly as read), so an entry is reused only
 * for the very same stored entity, and a snapshot of a config where few entities changed since the last one is
 * mostly a concatenation of encodings already made. Owned by a {@link PlaneFeed} (dropped with it, when the control
 * plane's last session on this replica leaves); safe for concurrent use, since misses are computed in parallel.
 */
final class WireEntities {

    /** One stored row as read: what identifies its version and what its wire form is made from. */
    record Row(String id, String type, String document, String[] references) {

        /** Everything the wire form depends on, as one text: equal sources give equal wire forms. */
        String source() {
            StringBuilder text = new StringBuilder(type.length() + document.length() + 80).append(type);
            for (String reference : references) {
                text.append('\0').append(reference == null ? "" : reference);
            }
            return text.append('\0').append(document).toString();
        }
    }

    /**
     * One entity ready to send.
     *
     * @param entity the entity in its normal form
     * @param digest its {@link SyncedConfig#digest} (the one config hash's per-entity digest)
     * @param json   its encoding as a member of a snapshot's {@code config} or a delta's {@code upserts}
     */
    record WireEntity(SyncEntity entity, byte[] digest, String json, String source) {

        EntityKey key() {
            return entity.key();
        }
    }

    /** The names of the reference columns and the document member each one becomes, in source order. */
    static final String[][] REFERENCES = { { "service_id", "service" }, { "route_id", "route" },
            { "consumer_id", "consumer" }, { "upstream_id", "upstream" }, { "consumer_group_id", "consumer_group" },
            { "certificate_id", "certificate" } };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, WireEntity> byId = new ConcurrentHashMap<>();

    /** The wire form of a row: the cached one when the row is unchanged, else computed (and cached). */
    WireEntity of(Row row) {
        String source = row.source();
        WireEntity cached = byId.get(row.id());
        if (cached != null && cached.source().equals(source)) {
            return cached;
        }
        WireEntity made = make(row, source);
        byId.put(row.id(), made);
        return made;
    }

    /** Forgets entities that no longer exist (after a delete), so the cache holds at most the current config. */
    void forget(String id) {
        byId.remove(id);
    }

    int size() {
        return byId.size();
    }

    private static WireEntity make(Row row, String source) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("id", row.id());
        document.setAll((ObjectNode) JSON.readTree(row.document()));
        for (int i = 0; i < REFERENCES.length; i++) {
            if (row.references()[i] != null) {
                document.putObject(REFERENCES[i][1]).put("id", row.references()[i]);
            }
        }
        SyncEntity entity = new SyncEntity(row.type(), row.id(), normalForm(row.type(), document));
        return new WireEntity(entity, SyncedConfig.digest(entity), JSON.writeValueAsString(entity), source);
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
}
