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
import jakarta.persistence.Version;

/** A user's membership of an organization, with their role there. */
@Entity
@Table(name = "platform_membership")
public class Membership {

    @Id
    private UUID id;
    @Column(name = "org_id")
    private UUID orgId;
    private UUID userId;
    @Enumerated(EnumType.STRING)
    private OrgRole role;
    private Instant createdAt;
    @Version
    private long version;

    protected Membership() {
    }

    Membership(OrgId org, UUID userId, OrgRole role, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.orgId = org.value();
        this.userId = userId;
        this.role = role;
        this.createdAt = createdAt;
    }

    public UUID getId() { return id; }
    public OrgId org() { return new OrgId(orgId); }
    public UUID getUserId() { return userId; }
    public OrgRole getRole() { return role; }
    public Instant getCreatedAt() { return createdAt; }

    void changeRole(OrgRole role) {
        this.role = role;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("userId", userId);
        fields.put("role", role);
        return fields;
    }
}
