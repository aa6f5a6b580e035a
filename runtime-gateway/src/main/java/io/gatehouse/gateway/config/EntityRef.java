package io.gatehouse.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A reference from one entity to another, by id or by its endpoint key (name, or username for
 * consumers), as Kong allows. In JSON it is either a string (a UUID is taken as an id, anything else
 * as a name) or an object {@code {"id": …}}, {@code {"name": …}} or {@code {"username": …}}.
 * Written back as {@code {"id": …}} when the id is known, else as the bare name. An object with an id is
 * a reference by id alone (a name beside it is not kept).
 */
public record EntityRef(String id, String name) {

    /** A reference by id. */
    public static EntityRef ofId(String id) {
        return new EntityRef(id, null);
    }

    /** A reference by name (or consumer username). */
    public static EntityRef ofName(String name) {
        return new EntityRef(null, name);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EntityRef fromJson(Object json) {
        if (json instanceof String text) {
            return looksLikeUuid(text) ? ofId(text) : ofName(text);
        }
        if (json instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!"id".equals(key) && !"name".equals(key) && !"username".equals(key)) {
                    throw new IllegalArgumentException("unknown reference field '" + key + "' (use id or name)");
                }
            }
            if (map.get("id") != null) {
                return ofId(asText(map.get("id")));
            }
            return ofName(asText(map.containsKey("name") ? map.get("name") : map.get("username")));
        }
        throw new IllegalArgumentException("a reference is a name, an id, or an object with id or name");
    }

    @JsonValue
    Object toJson() {
        if (id == null) {
            return name;
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("id", id);
        return json;
    }

    /** True when this reference points at an entity with that id or name. */
    public boolean matches(String entityId, String entityName) {
        return (id != null && id.equals(entityId)) || (id == null && name != null && name.equals(entityName));
    }

    /** The id if known, otherwise the name: for messages. */
    public String display() {
        return id != null ? id : name;
    }

    static boolean looksLikeUuid(String text) {
        try {
            return text.length() == 36 && UUID.fromString(text) != null;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static String asText(Object value) {
        return value == null ? null : value.toString();
    }

}
