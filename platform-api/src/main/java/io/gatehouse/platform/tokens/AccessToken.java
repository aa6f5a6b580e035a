package io.gatehouse.platform.tokens;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.tenancy.OrgId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A personal access token as stored: its SHA-256, never the token itself. Either bound to an organization with
 * an org role, or (a staff token) bound to none with a platform role.
 */
@Entity
@Table(name = "platform_access_token")
class AccessToken {

    @Id
    private UUID id;
    @Column(name = "org_id")
    private UUID orgId;
    private UUID userId;
    private String name;
    private String tokenHash;
    private String tokenHint;
    @Enumerated(EnumType.STRING)
    private OrgRole role;
    @Enumerated(EnumType.STRING)
    private PlatformRole platformRole;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant lastUsedAt;
    private Instant revokedAt;

    protected AccessToken() {
    }

    AccessToken(OrgId org, UUID userId, String name, String tokenHash, String tokenHint, OrgRole role,
            Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.orgId = org.value();
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.tokenHint = tokenHint;
        this.role = role;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** A staff token: no organization, a platform role. */
    static AccessToken staff(UUID userId, String name, String tokenHash, String tokenHint, PlatformRole platformRole,
            Instant createdAt, Instant expiresAt) {
        AccessToken token = new AccessToken();
        token.id = UUID.randomUUID();
        token.userId = userId;
        token.name = name;
        token.tokenHash = tokenHash;
        token.tokenHint = tokenHint;
        token.platformRole = platformRole;
        token.createdAt = createdAt;
        token.expiresAt = expiresAt;
        return token;
    }

    UUID id() { return id; }
    OrgId org() { return orgId == null ? null : new OrgId(orgId); }
    PlatformRole platformRole() { return platformRole; }
    UUID userId() { return userId; }
    String name() { return name; }
    String tokenHint() { return tokenHint; }
    OrgRole role() { return role; }
    Instant createdAt() { return createdAt; }
    Instant expiresAt() { return expiresAt; }
    Instant lastUsedAt() { return lastUsedAt; }
    Instant revokedAt() { return revokedAt; }

    boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    void revoke(Instant at) {
        this.revokedAt = at;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("userId", userId);
        fields.put("role", role);
        fields.put("platformRole", platformRole);
        fields.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        fields.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        return fields;
    }
}
