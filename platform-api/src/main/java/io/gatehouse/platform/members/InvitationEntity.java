package io.gatehouse.platform.members;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.tenancy.OrgId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An invitation as stored: the SHA-256 of the link's token, never the token. */
@Entity
@Table(name = "platform_invitation")
class InvitationEntity {

    @Id
    private UUID id;
    @Column(name = "org_id")
    private UUID orgId;
    private String email;
    @Enumerated(EnumType.STRING)
    private OrgRole role;
    private String tokenHash;
    private String invitedBy;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant acceptedAt;
    private Instant revokedAt;

    protected InvitationEntity() {
    }

    InvitationEntity(OrgId org, String email, OrgRole role, String tokenHash, String invitedBy, Instant createdAt,
            Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.orgId = org.value();
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    UUID id() { return id; }
    OrgId org() { return new OrgId(orgId); }
    String email() { return email; }
    OrgRole role() { return role; }

    Invitation.Status status(Instant now) {
        if (revokedAt != null) return Invitation.Status.REVOKED;
        if (acceptedAt != null) return Invitation.Status.ACCEPTED;
        if (!expiresAt.isAfter(now)) return Invitation.Status.EXPIRED;
        return Invitation.Status.PENDING;
    }

    void accept(Instant at) { this.acceptedAt = at; }

    void revoke(Instant at) { this.revokedAt = at; }

    Invitation toRecord(Instant now) {
        return new Invitation(id, org(), email, role, invitedBy, createdAt, expiresAt, status(now));
    }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("role", role);
        fields.put("expiresAt", expiresAt.toString());
        fields.put("acceptedAt", acceptedAt == null ? null : acceptedAt.toString());
        fields.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        return fields;
    }
}
