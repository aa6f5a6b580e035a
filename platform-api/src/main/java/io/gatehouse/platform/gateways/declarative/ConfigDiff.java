package io.gatehouse.platform.gateways.declarative;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an import changes (or, in a dry run, would change): entities created, updated and deleted, and the
 * revision the import committed ({@code null} for a dry run or when nothing changed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigDiff(List<Entry> created, List<Entry> updated, List<Entry> deleted, Boolean dryRun,
        Long revision) {

    /** One entity of the diff: its type (Kong's name), id and name if it has one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String type, UUID id, String name) {
    }

    public boolean isEmpty() {
        return created.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
}
