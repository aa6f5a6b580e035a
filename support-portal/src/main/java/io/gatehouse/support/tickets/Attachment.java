package io.gatehouse.support.tickets;

import java.time.Instant;
import java.util.UUID;

/** A file attached to a ticket; {@code content} is loaded only for downloads. */
public record Attachment(UUID id, UUID ticketId, String filename, String contentType, int size, UUID uploadedBy,
        Instant createdAt, byte[] content) {
}
