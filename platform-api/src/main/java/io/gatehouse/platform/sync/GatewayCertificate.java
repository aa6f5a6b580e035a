package io.gatehouse.platform.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * A client certificate pinned to a control plane: a gateway presenting it on the sync listener is a gateway of
 * that control plane.
 *
 * @param fingerprint lowercase hex SHA-256 of the certificate's DER encoding, what authentication compares
 * @param subject     the certificate's subject, to tell certificates apart
 * @param notAfter    when the certificate expires (pinning does not check it; rotate before)
 */
public record GatewayCertificate(UUID id, UUID controlPlaneId, String name, String fingerprint, String subject,
        Instant notAfter, Instant createdAt, String createdBy, Instant lastUsedAt) {
}
