package io.gatehouse.gateway.sync;

import java.util.List;

/**
 * The gateway could not apply the config at {@code revision} and goes on serving what it had.
 *
 * @param revision the revision it rejected
 * @param error    a one-line reason
 * @param details  the individual problems (for example one per invalid entity)
 */
public record Nack(long revision, String error, List<String> details) implements SyncMessage {

    public Nack {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
