package io.gatehouse.platform.sync;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Client certificates pinned to a control plane, the other way (besides a gateway token) for a gateway to
 * authenticate on the sync listener. Only the SHA-256 fingerprint of the certificate decides: there is no CA and
 * no chain to trust, so a self-signed certificate per gateway fleet is fine, and removing the pin is the
 * revocation. Management runs in the caller's tenant scope; {@link #authenticate} is the one cross-tenant read
 * and returns only the grant of the presented certificate.
 */
@Service
public class GatewayCertificates {

    private static final int NAME_MAX = 100;
    private static final String COLUMNS = "id, control_plane_id, name, fingerprint, subject, not_after, created_at,"
            + " created_by, last_used_at";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;

    GatewayCertificates(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, TenantScopes scopes,
            TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.scopes = scopes;
        this.tx = tx;
        this.clock = clock;
    }

    /** Pins a PEM certificate to a control plane of the current organization. */
    @Transactional
    public GatewayCertificate add(ControlPlane plane, String name, String pem) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw InvalidInputException.field("name", "Give the certificate a name, for example the gateway fleet it is for.");
        }
        if (trimmed.length() > NAME_MAX) {
            throw InvalidInputException.field("name", "At most " + NAME_MAX + " characters.");
        }
        X509Certificate certificate = parse(pem);
        String fingerprint = fingerprint(certificate);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String createdBy = AuditLog.currentActor().name();
        String subject = certificate.getSubjectX500Principal().getName();
        Instant notAfter = certificate.getNotAfter().toInstant();
        try {
            jdbc.sql("""
                    insert into gw_gateway_certificate (id, org_id, control_plane_id, name, fingerprint, subject, not_after,
                        created_at, created_by)
                    values (:id, :org, :cp, :name, :fingerprint, :subject, :notAfter, :at, :by)
                    """)
                    .param("id", id).param("org", plane.org().value()).param("cp", plane.id()).param("name", trimmed)
                    .param("fingerprint", fingerprint).param("subject", subject)
                    .param("notAfter", Timestamp.from(notAfter)).param("at", Timestamp.from(now)).param("by", createdBy)
                    .update();
        } catch (DuplicateKeyException ex) {
            throw new ConflictException("This certificate is already pinned to a control plane; use one certificate per"
                    + " control plane.");
        }
        audit.record("gateway-certificate.added", "gateway_certificate", id, Map.of("control_plane",
                plane.id().toString(), "name", trimmed, "fingerprint", fingerprint, "subject", subject));
        return new GatewayCertificate(id, plane.id(), trimmed, fingerprint, subject, notAfter, now, createdBy, null);
    }

    /** The certificates pinned to a control plane, newest first. */
    @Transactional(readOnly = true)
    public List<GatewayCertificate> list(ControlPlane plane) {
        return jdbc.sql("select " + COLUMNS + " from gw_gateway_certificate where control_plane_id = :cp"
                + " order by created_at desc, id").param("cp", plane.id()).query(ROW).list();
    }

    /** One pinned certificate; 404 for any other id (including another organization's). */
    @Transactional(readOnly = true)
    public GatewayCertificate get(ControlPlane plane, UUID certificateId) {
        return jdbc.sql("select " + COLUMNS + " from gw_gateway_certificate where control_plane_id = :cp and id = :id")
                .param("cp", plane.id()).param("id", certificateId).query(ROW).optional()
                .orElseThrow(() -> new NotFoundException("gateway certificate", certificateId));
    }

    /** Unpins a certificate; gateways connected with it are closed right after commit, on every replica. */
    @Transactional
    public void remove(ControlPlane plane, UUID certificateId) {
        GatewayCertificate certificate = get(plane, certificateId);
        jdbc.sql("delete from gw_gateway_certificate where id = :id").param("id", certificateId).update();
        audit.record("gateway-certificate.removed", "gateway_certificate", certificateId, Map.of("control_plane",
                plane.id().toString(), "name", certificate.name(), "fingerprint", certificate.fingerprint()));
        events.publishEvent(new GatewayCertificateRemoved(certificateId, plane.id()));
    }

    /**
     * The grant of a presented client certificate, or empty when it is not pinned to any control plane. Runs in
     * the platform scope (the certificate is what tells the organization) and notes when it was last used.
     */
    public Optional<TokenGrant> authenticate(X509Certificate presented) {
        String fingerprint = fingerprint(presented);
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.sql("""
                update gw_gateway_certificate set last_used_at = :at where fingerprint = :fingerprint
                returning id, org_id, control_plane_id
                """)
                .param("at", Timestamp.from(clock.instant())).param("fingerprint", fingerprint)
                .query((rs, n) -> new TokenGrant(rs.getObject("id", UUID.class), new OrgId(rs.getObject("org_id", UUID.class)),
                        rs.getObject("control_plane_id", UUID.class)))
                .optional()));
    }

    /** Lowercase hex SHA-256 of a certificate's DER encoding. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + ex.getMessage(), ex);
        }
    }

    private static X509Certificate parse(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw InvalidInputException.field("certificate", "Paste the gateway's client certificate in PEM form"
                    + " (-----BEGIN CERTIFICATE----- …).");
        }
        try {
            Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.size() != 1) {
                throw InvalidInputException.field("certificate", "Give exactly one certificate (the gateway's own), not "
                        + certificates.size() + ".");
            }
            return (X509Certificate) certificates.iterator().next();
        } catch (CertificateException ex) {
            throw InvalidInputException.field("certificate", "This is not a readable X.509 certificate: " + ex.getMessage());
        }
    }

    private static final RowMapper<GatewayCertificate> ROW = (rs, n) -> new GatewayCertificate(rs.getObject("id", UUID.class),
            rs.getObject("control_plane_id", UUID.class), rs.getString("name"), rs.getString("fingerprint"),
            rs.getString("subject"), rs.getTimestamp("not_after").toInstant(), rs.getTimestamp("created_at").toInstant(),
            rs.getString("created_by"), GatewayTokens.instant(rs.getTimestamp("last_used_at")));
}
