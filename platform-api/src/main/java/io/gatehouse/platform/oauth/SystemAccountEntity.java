package io.gatehouse.platform.oauth;

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

/** An organization's system account; its credentials are the OAuth2 client with the same client id. */
@Entity
@Table(name = "platform_system_account")
class SystemAccountEntity {

    @Id
    private UUID id;
    @Column(name = "org_id")
    private UUID orgId;
    private String clientId;
    private String name;
    @Enumerated(EnumType.STRING)
    private OrgRole role;
    private Instant createdAt;
    private String createdBy;

    protected SystemAccountEntity() {
    }

    SystemAccountEntity(OrgId org, String clientId, String name, OrgRole role, Instant createdAt, String createdBy) {
        this.id = UUID.randomUUID();
        this.orgId = org.value();
        this.clientId = clientId;
        this.name = name;
        this.role = role;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    SystemAccount toRecord() {
        return new SystemAccount(id, new OrgId(orgId), clientId, name, role, createdAt, createdBy);
    }

    String clientId() { return clientId; }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clientId", clientId);
        fields.put("name", name);
        fields.put("role", role);
        return fields;
    }
}
