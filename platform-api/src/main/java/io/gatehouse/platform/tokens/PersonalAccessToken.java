package io.gatehouse.platform.tokens;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * A personal access token as shown in lists: never the token, only a hint of its start. An org token has
 * {@code org} and {@code role}; a staff token has neither and a {@code platformRole}.
 */
public record PersonalAccessToken(UUID id, String name, OrgId org, OrgRole role, PlatformRole platformRole, String hint,
        Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, boolean active) {

    static PersonalAccessToken of(AccessToken token, Instant now) {
        return new PersonalAccessToken(token.id(), token.name(), token.org(), token.role(), token.platformRole(), token.tokenHint(),
                token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.isActive(now));
    }
}
