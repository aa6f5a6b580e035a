package io.gatehouse.platform.gateways.controlplanes;

import java.time.Instant;
import java.util.UUID;

/** One row of a control plane's change log: an entity written in the transaction that made {@code revision}. */
public record EntityChange(long revision, String entityType, UUID entityId, Op op, Instant changedAt) {

    public enum Op {
        CREATE, UPDATE, DELETE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Op of(String wireName) {
            return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
