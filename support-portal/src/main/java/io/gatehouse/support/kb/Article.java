package io.gatehouse.support.kb;

import java.time.Instant;
import java.util.UUID;

/** A knowledge-base article; {@code body} is markdown. */
public record Article(UUID id, String slug, String title, String body, String product, boolean published,
        Instant updatedAt, long version) {
}
