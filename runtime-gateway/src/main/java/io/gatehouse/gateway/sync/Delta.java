package io.gatehouse.gateway.sync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The changes that turn the config at {@code fromRevision} into the config at {@code revision}. A gateway
 * applies it only when it holds exactly {@code fromRevision}; {@code hash} is the {@link io.gatehouse.gateway.config.ConfigHash} the
 * result must have.
 *
 * @param fromRevision the revision the changes apply to
 * @param revision     the revision they lead to
 * @param hash         the hash of the resulting config
 * @param upserts      entities created or replaced
 * @param deletes      entities removed
 */
public record Delta(
        @JsonProperty("from_revision") long fromRevision,
        long revision,
        String hash,
        List<SyncEntity> upserts,
        List<EntityKey> deletes) implements SyncMessage {

    public Delta {
        upserts = upserts == null ? List.of() : List.copyOf(upserts);
        deletes = deletes == null ? List.of() : List.copyOf(deletes);
    }
}
