package io.gatehouse.platform.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A person who signs in to the console: a user. Users are global; organizations reach them through memberships. */
@Entity
@Table(name = "platform_user")
public class Account {

    @Id
    private UUID id;
    private String email;
    private String displayName;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private PlatformRole platformRole;
    private boolean enabled;
    private Instant createdAt;
    @Version
    private long version;

    protected Account() {
    }

    Account(UUID id, String email, String displayName, String passwordHash, Instant createdAt) {
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    public UUID getId() { return id; }
    public String getEmail() { return email; }
    public String getDisplayName() { return displayName; }
    public PlatformRole getPlatformRole() { return platformRole; }
    public boolean isEnabled() { return enabled; }
    public Instant getCreatedAt() { return createdAt; }

    String passwordHash() { return passwordHash; }

    void changePasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void grantPlatformRole(PlatformRole role) {
        this.platformRole = role;
    }
}
