package io.gatehouse.platform.portal.apps;

import java.time.Instant;
import java.util.UUID;

/**
 * A credential of an application, without its secret (shown once, in {@link IssuedCredential}).
 *
 * @param displayPrefix the first characters of the key, so people can tell keys apart
 * @param clientId      the OAuth2 client id (OAuth2 clients only)
 * @param expiresAt     when it stops working, or null; a rotation sets it to the end of the overlap
 * @param replacedBy    the credential a rotation created to replace this one, or null
 */
public record Credential(UUID id, UUID applicationId, CredentialKind kind, String displayPrefix, String clientId,
        Instant createdAt, Instant expiresAt, Instant revokedAt, UUID replacedBy) {

    /** Whether it works at {@code now}: not revoked and not expired. */
    public boolean active(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
