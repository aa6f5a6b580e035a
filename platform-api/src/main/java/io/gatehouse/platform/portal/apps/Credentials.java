package io.gatehouse.platform.portal.apps;

import static io.gatehouse.platform.portal.apps.AppRows.timestamp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.oauth.ApplicationClients;
import io.gatehouse.platform.portal.PortalProperties;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.shared.crypto.SecretTokens;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Credentials of applications. API keys: issued with an optional expiry and shown once ({@code gh_key_…}, only the SHA-256
 * stored — the same hash the gateways compare), rotated with an overlap in which the old and the new key both
 * work (the old key gets {@code expires_at} = now + overlap, which the gateways enforce per request), and
 * revoked. OAuth2 clients: at most one working client per application, registered with the platform's
 * authorization server ({@link ApplicationClients}: client id + secret, the secret shown once and stored bcrypt-hashed
 * there), its secret rotated in place (the old secret stops at once, tokens already issued live until they expire),
 * revoked by removing the client. Each change reaches the gateways through {@link ConsumerProvisioning} (a key-auth
 * credential per key, a jwt credential per client).
 */
@Service
public class Credentials {

    /** The prefix of every portal API key. */
    public static final String KEY_PREFIX = "gh_key_";
    /** The most working API keys one application may hold. */
    public static final int MAX_ACTIVE_KEYS = 10;

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final AppRows rows;
    private final Applications applications;
    private final Developers developers;
    private final ConsumerProvisioning provisioning;
    private final ApplicationClients clients;
    private final PortalProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    Credentials(JdbcClient jdbc, PortalScopes scopes, AppRows rows, Applications applications, Developers developers,
            ConsumerProvisioning provisioning, ApplicationClients clients, PortalProperties properties, AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.rows = rows;
        this.applications = applications;
        this.developers = developers;
        this.provisioning = provisioning;
        this.clients = clients;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues an API key for one of the developer's applications; {@code expiresAt} null means it does not expire. */
    public IssuedCredential issueKey(OrgId org, UUID developerId, UUID applicationId, Instant expiresAt) {
        return scopes.in(org, () -> {
            Developer developer = applications.activeDeveloper(org, developerId);
            rows.owned(developerId, applicationId);
            checkExpiry(expiresAt);
            IssuedCredential issued = insertKey(org, applicationId, expiresAt, developer.actor());
            provisioning.reconcile(org, applicationId);
            return issued;
        });
    }

    /**
     * Replaces a working key by a new one. For {@code overlap} the old key keeps working beside the new one
     * (zero: it stops at once); the new key expires at {@code newExpiresAt} (null: never).
     */
    public IssuedCredential rotate(OrgId org, UUID developerId, UUID credentialId, Duration overlap, Instant newExpiresAt) {
        Duration wait = overlap == null ? Duration.ZERO : overlap;
        if (wait.isNegative() || wait.compareTo(properties.maxRotationOverlap()) > 0) {
            throw InvalidInputException.field("overlap", "must be between 0 and " + properties.maxRotationOverlap().toDays()
                    + " days");
        }
        return scopes.in(org, () -> {
            Developer developer = applications.activeDeveloper(org, developerId);
            Credential old = ownedCredential(developerId, credentialId);
            if (old.kind() != CredentialKind.API_KEY) {
                throw new ConflictException("An OAuth2 client keeps its client id; rotate its secret instead.");
            }
            Instant now = clock.instant();
            if (!old.active(now)) {
                throw new ConflictException("This key no longer works; issue a new one instead.");
            }
            if (old.replacedBy() != null) {
                throw new ConflictException("This key was already rotated.");
            }
            checkExpiry(newExpiresAt);
            IssuedCredential issued = insertKey(org, old.applicationId(), newExpiresAt, developer.actor());
            Instant end = now.plus(wait);
            if (old.expiresAt() != null && old.expiresAt().isBefore(end)) {
                end = old.expiresAt();
            }
            jdbc.sql("update portal_credential set replaced_by = :new, expires_at = :end, revoked_at = :revoked where id = :id")
                    .param("new", issued.credential().id()).param("end", timestamp(end))
                    .param("revoked", wait.isZero() ? timestamp(now) : null).param("id", credentialId).update();
            audit.record(org, developer.actor(), "credential.rotated", "portal_credential", credentialId,
                    Map.of("replaced_by", issued.credential().id().toString(), "old_key_works_until", end.toString()));
            provisioning.reconcile(org, old.applicationId());
            return issued;
        });
    }

    /**
     * Issues an OAuth2 client (client credentials grant) for one of the developer's applications; the secret is in
     * the result only. 409 when the application already has a working client.
     */
    public IssuedCredential issueClient(OrgId org, UUID developerId, UUID applicationId) {
        return scopes.in(org, () -> {
            Developer developer = applications.activeDeveloper(org, developerId);
            Application app = rows.owned(developerId, applicationId);
            Instant now = clock.instant();
            if (rows.credentials(applicationId).stream()
                    .anyMatch(credential -> credential.kind() == CredentialKind.OAUTH2_CLIENT && credential.active(now))) {
                throw new ConflictException("This application already has an OAuth2 client; rotate its secret or revoke"
                        + " it first.");
            }
            ApplicationClients.IssuedClient client = clients.register(org, applicationId, app.name());
            UUID id = UUID.randomUUID();
            String prefix = client.clientId().substring(0, Math.min(16, client.clientId().length()));
            try {
                jdbc.sql("""
                        insert into portal_credential (id, org_id, application_id, kind, display_prefix, client_id, created_at)
                        values (:id, :org, :app, 'oauth2-client', :prefix, :client, :now)
                        """).param("id", id).param("org", org.value()).param("app", applicationId).param("prefix", prefix)
                        .param("client", client.clientId()).param("now", timestamp(now)).update();
            } catch (DuplicateKeyException e) {
                // a concurrent request issued one first (portal_credential_one_client); this transaction rolls back
                throw new ConflictException("This application already has an OAuth2 client; rotate its secret or revoke"
                        + " it first.");
            }
            audit.record(org, developer.actor(), "credential.issued", "portal_credential", id,
                    Map.of("application", applicationId.toString(), "kind", CredentialKind.OAUTH2_CLIENT.wireName(),
                            "client_id", client.clientId()));
            provisioning.reconcile(org, applicationId);
            return new IssuedCredential(rows.credential(id), client.secret());
        });
    }

    /**
     * Gives one of the developer's OAuth2 clients a new secret (in the result only). The client id and the gateways'
     * credential stay; the old secret stops at once; tokens already issued work until they expire.
     */
    public IssuedCredential rotateSecret(OrgId org, UUID developerId, UUID credentialId) {
        return scopes.in(org, () -> {
            Developer developer = applications.activeDeveloper(org, developerId);
            Credential credential = ownedCredential(developerId, credentialId);
            if (credential.kind() != CredentialKind.OAUTH2_CLIENT) {
                throw new ConflictException("Only an OAuth2 client has a secret to rotate; rotate an API key instead.");
            }
            if (!credential.active(clock.instant())) {
                throw new ConflictException("This client was revoked; issue a new one instead.");
            }
            String secret = clients.rotateSecret(credential.clientId());
            audit.record(org, developer.actor(), "credential.secret-rotated", "portal_credential", credentialId,
                    Map.of("application", credential.applicationId().toString(), "client_id", credential.clientId()));
            return new IssuedCredential(credential, secret);
        });
    }

    /** Revokes one of the developer's keys or clients: calls with it get 401 within seconds. */
    public Credential revoke(OrgId org, UUID developerId, UUID credentialId) {
        return scopes.in(org, () -> {
            Developer developer = developers.get(org, developerId);
            return revoke(org, ownedCredential(developerId, credentialId), developer.actor());
        });
    }

    /** The credentials of one of the developer's applications, newest first (revoked and expired ones too). */
    public List<Credential> list(OrgId org, UUID developerId, UUID applicationId) {
        return scopes.in(org, () -> {
            rows.owned(developerId, applicationId);
            return rows.credentials(applicationId);
        });
    }

    /** Console: the credentials of any application of the portal. */
    public List<Credential> forApplication(OrgId org, UUID applicationId) {
        return scopes.in(org, () -> {
            rows.any(applicationId);
            return rows.credentials(applicationId);
        });
    }

    /** Console: the client id of each application's working OAuth2 client, by application. */
    public Map<UUID, String> activeClients(OrgId org) {
        return scopes.in(org, () -> {
            Map<UUID, String> clients = new LinkedHashMap<>();
            jdbc.sql("""
                    select application_id, client_id from portal_credential
                    where kind = 'oauth2-client' and revoked_at is null and (expires_at is null or expires_at > :now)
                    order by created_at
                    """).param("now", timestamp(clock.instant()))
                    .query((rs, n) -> clients.put(rs.getObject(1, UUID.class), rs.getString(2))).list();
            return clients;
        });
    }

    /** Console: revokes any credential of the portal. */
    public Credential revoke(OrgId org, UUID credentialId) {
        return scopes.in(org, () -> revoke(org, rows.credential(credentialId), AuditLog.currentActor()));
    }

    private Credential revoke(OrgId org, Credential credential, Actor actor) {
        if (credential.revokedAt() != null) {
            return credential;
        }
        jdbc.sql("update portal_credential set revoked_at = :now where id = :id")
                .param("now", timestamp(clock.instant())).param("id", credential.id()).update();
        if (credential.kind() == CredentialKind.OAUTH2_CLIENT) {
            clients.remove(credential.clientId());
        }
        audit.record(org, actor, "credential.revoked", "portal_credential", credential.id(),
                Map.of("application", credential.applicationId().toString(), "kind", credential.kind().wireName(),
                        "prefix", credential.displayPrefix()));
        provisioning.reconcile(org, credential.applicationId());
        return rows.credential(credential.id());
    }

    private IssuedCredential insertKey(OrgId org, UUID applicationId, Instant expiresAt, Actor actor) {
        Instant now = clock.instant();
        long active = rows.credentials(applicationId).stream()
                .filter(credential -> credential.kind() == CredentialKind.API_KEY && credential.active(now)).count();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new ConflictException("An application may hold at most " + MAX_ACTIVE_KEYS
                    + " working keys; revoke one first.");
        }
        String key = SecretTokens.generate(KEY_PREFIX, 40);
        UUID id = UUID.randomUUID();
        String prefix = key.substring(0, KEY_PREFIX.length() + 5);
        jdbc.sql("""
                insert into portal_credential (id, org_id, application_id, kind, display_prefix, key_hash, created_at, expires_at)
                values (:id, :org, :app, 'api-key', :prefix, :hash, :now, :expires)
                """).param("id", id).param("org", org.value()).param("app", applicationId).param("prefix", prefix)
                .param("hash", SecretTokens.sha256(key)).param("now", timestamp(now)).param("expires", timestamp(expiresAt))
                .update();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("application", applicationId.toString());
        changes.put("prefix", prefix);
        changes.put("expires_at", expiresAt == null ? null : expiresAt.toString());
        audit.record(org, actor, "credential.issued", "portal_credential", id, changes);
        return new IssuedCredential(rows.credential(id), key);
    }

    private Credential ownedCredential(UUID developerId, UUID credentialId) {
        Credential credential = rows.credential(credentialId);
        rows.application(credential.applicationId()).filter(app -> app.developerId().equals(developerId))
                .orElseThrow(() -> new NotFoundException("credential", credentialId));
        return credential;
    }

    private void checkExpiry(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw InvalidInputException.field("expires_at", "must be in the future");
        }
    }
}
