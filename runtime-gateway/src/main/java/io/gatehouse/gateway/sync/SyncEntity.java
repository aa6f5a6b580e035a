package io.gatehouse.gateway.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.gatehouse.gateway.config.ConfigHash;
import io.gatehouse.gateway.config.ConfigJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.node.NullNode;

/**
 * One entity of a config as it travels: its type, id and definition document (the config language's JSON,
 * secrets already hashed by the control plane).
 *
 * <p>The document is held as its JSON text (UTF-8), not as a tree. Built from a tree, that text is the tree's
 * canonical JSON ({@link ConfigHash#canonicalJson}), which is what goes on the wire, so a gateway's digest of an
 * entity is a SHA-256 over {@code type \0 id \0} and the bytes it received, with no tree in between. Read from a
 * message's bytes, it is the document exactly as received ({@link #json()}): a gateway then hashes those bytes, and
 * only when the resulting config hash is not the one the control plane declared does it canonicalize them
 * ({@link #canonical()}) — a sender that does not write canonical JSON still works, more slowly.
 */
@JsonSerialize(using = SyncEntity.Writer.class)
@JsonDeserialize(using = SyncEntity.Reader.class)
public final class SyncEntity {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final String type;
    private final String id;
    private final byte[] json;
    /** The tree this entity was built from, if any (kept: callers of that constructor read it again). */
    private final JsonNode tree;

    /** An entity whose document is given as a tree; it travels as the tree's canonical JSON. */
    public SyncEntity(String type, String id, JsonNode document) {
        this(type, id, document == null ? NULL : ConfigHash.canonicalJson(document).getBytes(StandardCharsets.UTF_8),
                document);
    }

    private SyncEntity(String type, String id, byte[] json, JsonNode tree) {
        this.type = type;
        this.id = id;
        this.json = json;
        this.tree = tree;
    }

    /**
     * An entity whose document is the JSON text {@code json} (UTF-8), taken as it is: not parsed, not copied (the
     * caller hands the array over).
     */
    public static SyncEntity ofJson(String type, String id, byte[] json) {
        return new SyncEntity(type, id, Objects.requireNonNull(json, "json"), null);
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** The document as a tree (parsed from its JSON text on each call when the entity was read from bytes). */
    public JsonNode document() {
        return tree != null ? tree : ConfigJson.json().readTree(json);
    }

    /** The document's JSON text (UTF-8) as it travels; do not modify the array. */
    public byte[] json() {
        return json;
    }

    /** True when the document is a JSON object (its text starts with '{'), as every definition is. */
    public boolean isObject() {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * The {@link ConfigHash} digest of this entity taken as it travels: {@code type \0 id \0} and the document's
     * bytes. Equal to the canonical digest when the document is canonical JSON.
     */
    public byte[] digest() {
        return ConfigHash.digest(type, id, json, 0, json.length);
    }

    /**
     * This entity with its document in canonical JSON: itself when it already is, else a copy re-encoded (which
     * parses the document: the slow path for a sender that does not send canonical JSON).
     */
    public SyncEntity canonical() {
        JsonNode document = document();
        byte[] canonical = ConfigHash.canonicalJson(document).getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(canonical, json) ? this : new SyncEntity(type, id, canonical, tree);
    }

    public EntityKey key() {
        return new EntityKey(type, id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SyncEntity that && Objects.equals(type, that.type) && Objects.equals(id, that.id)
                && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, id) * 31 + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "SyncEntity[type=" + type + ", id=" + id + ", document=" + new String(json, StandardCharsets.UTF_8) + "]";
    }

    /** Writes {@code {"type":…,"id":…,"document":…}}, the document's JSON text as it is. */
    static final class Writer extends ValueSerializer<SyncEntity> {

        @Override
        public void serialize(SyncEntity entity, JsonGenerator out, SerializationContext context) {
            out.writeStartObject();
            out.writeStringProperty("type", entity.type);
            out.writeStringProperty("id", entity.id);
            out.writeName("document");
            out.writeRawValue(new String(entity.json, StandardCharsets.UTF_8));
            out.writeEndObject();
        }
    }

    /**
     * Reads an entity's members in any order. When the message is being parsed straight from its bytes (the sync
     * client's case), the document is sliced out of them as it is, without building a tree; otherwise (a text
     * source, or a buffered one when the message's {@code type} member did not come first) it is read as a tree
     * and re-encoded canonically.
     */
    static final class Reader extends ValueDeserializer<SyncEntity> {

        /**
         * The reader attribute holding the bytes being parsed: only when it is set (and the parser reads those very
         * bytes) are documents sliced out of them.
         */
        static final Object SOURCE = Reader.class.getName() + ".source";

        @Override
        public SyncEntity deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.START_OBJECT)) {
                return context.reportInputMismatch(SyncEntity.class, "an entity is a JSON object");
            }
            String type = null;
            String id = null;
            byte[] json = null;
            JsonNode tree = null;
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "type" -> type = token == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    case "id" -> id = token == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    case "document" -> {
                        json = slice(parser, context, token);
                        if (json == null) {
                            tree = token == JsonToken.VALUE_NULL ? NullNode.getInstance() : context.readTree(parser);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (json != null) {
                return ofJson(type, id, json);
            }
            return new SyncEntity(type, id, tree == null ? NullNode.getInstance() : tree);
        }

        /** The bytes of an object or array value when the parser reads from a byte array, else null. */
        private static byte[] slice(JsonParser parser, DeserializationContext context, JsonToken token) {
            if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                return null;
            }
            if (!(context.getAttribute(SOURCE) instanceof byte[] source)) {
                return null;
            }
            // a buffered parser (the message's type member came late) has no byte offsets: read a tree then
            long start = parser.currentTokenLocation().getByteOffset();
            if (start < 0 || start >= source.length || source[(int) start] != (token == JsonToken.START_OBJECT ? '{' : '[')) {
                return null;
            }
            parser.skipChildren();
            long end = parser.currentLocation().getByteOffset();
            if (end <= start || end > source.length) {
                throw new IllegalStateException("cannot locate a document in the message (" + start + ".." + end + ")");
            }
            return Arrays.copyOfRange(source, (int) start, (int) end);
        }
    }
}
