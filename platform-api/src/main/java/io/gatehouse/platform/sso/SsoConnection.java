package io.gatehouse.platform.sso;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An organization's OpenID Connect provider; the client secret is stored encrypted. */
@Entity
@Table(name = "platform_sso_connection")
class SsoConnection {

    @Id
    @Column(name = "org_id")
    private UUID orgId;
    private String issuer;
    private String clientId;
    private String clientSecretEncrypted;
    private boolean enabled;
    private Instant updatedAt;
    @Version
    private long version;

    protected SsoConnection() {
    }

    SsoConnection(OrgId org) {
        this.orgId = org.value();
    }

    OrgId org() { return new OrgId(orgId); }
    String issuer() { return issuer; }
    String clientId() { return clientId; }
    String clientSecretEncrypted() { return clientSecretEncrypted; }
    boolean enabled() { return enabled; }
    Instant updatedAt() { return updatedAt; }
    long version() { return version; }

    void change(String issuer, String clientId, String clientSecretEncrypted, boolean enabled, Instant at) {
        this.issuer = issuer;
        this.clientId = clientId;
        if (clientSecretEncrypted != null) {
            this.clientSecretEncrypted = clientSecretEncrypted;
        }
        this.enabled = enabled;
        this.updatedAt = at;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("issuer", issuer);
        fields.put("clientId", clientId);
        fields.put("clientSecret", clientSecretEncrypted == null ? null : "set:" + updatedAt);
        fields.put("enabled", enabled);
        return fields;
    }
}
