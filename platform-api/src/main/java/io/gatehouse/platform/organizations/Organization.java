package io.gatehouse.platform.organizations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A customer organization: the tenant that owns control planes, members, tickets and portal data. */
@Entity
@Table(name = "platform_organization")
public class Organization {

    @Id
    private UUID id;
    private String slug;
    private String name;
    private Instant createdAt;
    @Version
    private long version;

    protected Organization() {
    }

    Organization(OrgId id, String slug, String name, Instant createdAt) {
        this.id = id.value();
        this.slug = slug;
        this.name = name;
        this.createdAt = createdAt;
    }

    public OrgId orgId() {
        return new OrgId(id);
    }

    public UUID getId() { return id; }
    public String getSlug() { return slug; }
    public String getName() { return name; }
    public Instant getCreatedAt() { return createdAt; }
    public long getVersion() { return version; }

    void rename(String name) {
        this.name = name;
    }

    void changeSlug(String slug) {
        this.slug = slug;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("slug", slug);
        fields.put("name", name);
        return fields;
    }
}
