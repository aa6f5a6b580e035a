package io.gatehouse.platform.oauth;

import java.time.Instant;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.tenancy.OrgId;

/** A machine identity of an organization that gets JWTs at {@code POST /oauth2/token} (client_credentials). */
public record SystemAccount(UUID id, OrgId org, String clientId, String name, OrgRole role, Instant createdAt,
        String createdBy) {
}
