package io.gatehouse.platform.tokens;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.tenancy.OrgId;

/** A personal access token as shown in lists: never the token, only a hint of its start. */
public record PersonalAccessToken(UUID id, String name, OrgId org, OrgRole role, String hint, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, boolean active) {

    static PersonalAccessToken of(AccessToken token, Instant now) {
        return new PersonalAccessToken(token.id(), token.name(), token.org(), token.role(), token.tokenHint(),
                token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.isActive(now));
    }
}
