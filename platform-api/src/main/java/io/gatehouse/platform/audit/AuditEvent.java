package io.gatehouse.platform.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One audited write. Rows are only ever inserted. */
@Entity
@Table(name = "platform_audit_event")
public class AuditEvent {

    @Id
    private UUID id;
    @Column(name = "org_id")
    private UUID orgId;
    private Instant occurredAt;
    @Enumerated(EnumType.STRING)
    private Actor.Type actorType;
    private String actorId;
    private String actorName;
    private String action;
    private String entityType;
    private String entityId;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> changes;
    private String ip;
    private String userAgent;

    protected AuditEvent() {
    }

    AuditEvent(UUID orgId, Instant occurredAt, Actor actor, String action, String entityType, String entityId,
            Map<String, Object> changes, String ip, String userAgent) {
        this.id = UUID.randomUUID();
        this.orgId = orgId;
        this.occurredAt = occurredAt;
        this.actorType = actor.type();
        this.actorId = actor.id();
        this.actorName = actor.name();
        this.action = action;
        this.entityType = entityType;
        this.entityId = entityId;
        this.changes = changes;
        this.ip = ip;
        this.userAgent = userAgent;
    }

    public UUID getId() { return id; }
    public UUID getOrgId() { return orgId; }
    public Instant getOccurredAt() { return occurredAt; }
    public Actor.Type getActorType() { return actorType; }
    public String getActorId() { return actorId; }
    public String getActorName() { return actorName; }
    public String getAction() { return action; }
    public String getEntityType() { return entityType; }
    public String getEntityId() { return entityId; }
    public Map<String, Object> getChanges() { return changes; }
    public String getIp() { return ip; }
    public String getUserAgent() { return userAgent; }
}
