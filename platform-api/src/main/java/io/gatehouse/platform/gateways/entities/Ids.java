package io.gatehouse.platform.gateways.entities;

import java.util.UUID;

/** Kong addresses entities by id or name: a path segment that parses as a UUID is an id. */
final class Ids {

    private Ids() {
    }

    static UUID uuidOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
