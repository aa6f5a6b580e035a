package io.gatehouse.platform.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.sync.Delta;
import io.gatehouse.gateway.sync.EntityKey;
import io.gatehouse.gateway.sync.Snapshot;
import io.gatehouse.gateway.sync.SyncCodec;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.platform.gateways.entities.WireForm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entities as the hub sends them, and the messages made of them. Each entity's wire form ({@link WireForm}: the
 * canonical JSON of its normal form and its digest) is stored with its row when it is written, so the hub reads it
 * and never re-encodes an entity: a snapshot or a delta is the protocol's envelope ({@link SyncCodec}) with the
 * stored documents spliced in, and the config hash is recombined from the stored digests. A gateway therefore
 * receives each document exactly as {@link io.gatehouse.gateway.config.ConfigHash} digests it.
 */
final class WireEntities {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WireEntities() {
    }

    /**
     * A stored row whose wire form was not made yet (written before wire forms were stored, or by hand): what it is
     * made from, and the version of the row it was read at ({@code xmin}), which guards storing it.
     */
    record Source(String id, String type, String document, String[] references, String rowVersion) {

        /** The names of the reference columns and the document member each one becomes, in source order. */
        static final String[][] REFERENCES = { { "service_id", "service" }, { "route_id", "route" },
                { "consumer_id", "consumer" }, { "upstream_id", "upstream" }, { "consumer_group_id", "consumer_group" },
                { "certificate_id", "certificate" } };

        /** Its wire form, exactly as the write path would have made it (see {@link WireForm#of}). */
        WireForm wireForm() {
            Map<String, String> byMember = new HashMap<>();
            for (int i = 0; i < REFERENCES.length; i++) {
                if (references[i] != null) {
                    byMember.put(REFERENCES[i][1], references[i]);
                }
            }
            return WireForm.of(type, id, (ObjectNode) JSON.readTree(document), byMember);
        }
    }

    /**
     * One entity ready to send.
     *
     * @param type     its type's wire name
     * @param id       its id
     * @param digest   its {@link io.gatehouse.gateway.config.ConfigHash} digest
     * @param document the canonical JSON of its normal form; {@code null} when only the digest was read (for a hash)
     * @param plugin   the plugin's name when the entity is a plugin, else {@code null}
     */
    record WireEntity(String type, String id, byte[] digest, String document, String plugin) {

        static WireEntity of(String type, String id, byte[] digest, String document) {
            String plugin = null;
            if ("plugin".equals(type) && document != null) {
                JsonNode name = JSON.readTree(document).get("name");
                plugin = name != null && name.isString() ? name.asString() : null;
            }
            return new WireEntity(type, id, digest, document, plugin);
        }

        static WireEntity of(String type, String id, WireForm form) {
            return of(type, id, form.digest(), form.document());
        }

        EntityKey key() {
            return new EntityKey(type, id);
        }

        /** The entity as a {@link SyncEntity} (its document parsed): for tests and tools, not for sending. */
        SyncEntity entity() {
            return new SyncEntity(type, id, JSON.readTree(document));
        }

        /** Appends its encoding as a member of a snapshot's {@code config} or a delta's {@code upserts}. */
        void appendJson(StringBuilder out) {
            out.append("{\"type\":");
            ConfigHash.appendString(type, out);
            out.append(",\"id\":");
            ConfigHash.appendString(id, out);
            out.append(",\"document\":").append(document).append('}');
        }

        int jsonLength() {
            return type.length() + id.length() + document.length() + 32;
        }
    }

    /**
     * The snapshot message, written as {@link SyncCodec#write} writes a {@link Snapshot} (its envelope comes from
     * there) with each entity's stored document spliced in as it is.
     */
    static String snapshotText(long revision, String hash, Collection<WireEntity> entities) {
        String envelope = SyncCodec.write(new Snapshot(revision, hash, List.of()));
        return splice(envelope, envelope.lastIndexOf(CONFIG), CONFIG, entities);
    }

    /** The delta message, written as {@link SyncCodec#write} writes a {@link Delta}, its upserts spliced in. */
    static String deltaText(long fromRevision, long revision, String hash, Collection<WireEntity> upserts,
            List<EntityKey> deletes) {
        String envelope = SyncCodec.write(new Delta(fromRevision, revision, hash, List.of(), deletes));
        return splice(envelope, envelope.indexOf(UPSERTS), UPSERTS, upserts);
    }

    private static final String CONFIG = "\"config\":[]";
    private static final String UPSERTS = "\"upserts\":[]";

    private static String splice(String envelope, int at, String empty, Collection<WireEntity> entities) {
        if (at < 0) {
            throw new IllegalStateException("unexpected message encoding: " + envelope);
        }
        long size = envelope.length();
        for (WireEntity entity : entities) {
            size += entity.jsonLength() + 1;
        }
        StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, size));
        text.append(envelope, 0, at + empty.length() - 1);
        boolean first = true;
        for (WireEntity entity : entities) {
            if (!first) {
                text.append(',');
            }
            first = false;
            entity.appendJson(text);
        }
        return text.append(envelope, at + empty.length() - 1, envelope.length()).toString();
    }
}
