package io.gatehouse.platform.sso;

import java.time.Clock;
import java.net.URI;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.crypto.SecretBox;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Per-organization single sign-on with the organization's own OpenID Connect provider. Members then sign in
 * at {@code /oauth2/authorization/{org-slug}}; the provider's verified email is matched to a member.
 */
@Service
public class SingleSignOn {

    private final SsoConnectionRepository connections;
    private final Organizations organizations;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;

    SingleSignOn(SsoConnectionRepository connections, Organizations organizations, SecretBox secrets, AuditLog audit,
            Clock clock) {
        this.connections = connections;
        this.organizations = organizations;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public SsoSettings get(OrgId org) {
        String loginPath = "/oauth2/authorization/" + organizations.get(org).getSlug();
        return connections.findById(org.value())
                .map(c -> new SsoSettings(true, c.issuer(), c.clientId(), c.clientSecretEncrypted() != null, c.enabled(),
                        c.updatedAt(), loginPath))
                .orElse(new SsoSettings(false, null, null, false, false, null, loginPath));
    }

    /**
     * Sets the organization's provider. {@code clientSecret} may be {@code null} to keep the stored one, but is
     * required the first time.
     */
    @Transactional
    public SsoSettings put(OrgId org, String issuer, String clientId, String clientSecret, boolean enabled) {
        checkIssuer(issuer);
        Optional<SsoConnection> existing = connections.findById(org.value());
        if (existing.isEmpty() && (clientSecret == null || clientSecret.isBlank())) {
            throw InvalidInputException.field("clientSecret", "is required when single sign-on is first set up");
        }
        SsoConnection connection = existing.orElseGet(() -> new SsoConnection(org));
        var before = existing.isPresent() ? connection.snapshot() : null;
        connection.change(issuer.strip(), clientId.strip(),
                clientSecret == null || clientSecret.isBlank() ? null : secrets.encrypt(clientSecret), enabled,
                clock.instant());
        connections.saveAndFlush(connection);
        audit.recordChange(existing.isPresent() ? "update" : "create", "sso_connection", org, before,
                connection.snapshot());
        return get(org);
    }

    private static void checkIssuer(String issuer) {
        try {
            URI uri = URI.create(issuer.strip());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw InvalidInputException.field("issuer", "must be an http(s) URL of the OpenID provider");
            }
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("issuer", "must be an http(s) URL of the OpenID provider");
        }
    }

    /** What the client registration repository needs, read in the platform scope. */
    record Registration(OrgId org, String slug, String issuer, String clientId, String clientSecret, long version) {
    }

    @Transactional(readOnly = true)
    Optional<Registration> registration(String slug) {
        return organizations.find(slug).flatMap(org -> connections.findById(org.getId())
                .filter(SsoConnection::enabled)
                .map(c -> new Registration(org.orgId(), org.getSlug(), c.issuer(), c.clientId(),
                        secrets.decrypt(c.clientSecretEncrypted()), c.version())));
    }
}
