package io.gatehouse.platform.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Gateway tokens: created for one control plane, shown once, stored as a SHA-256 (a token is 256 random
 * bits, so a slow hash would add nothing), revoked for good. Management runs in the caller's tenant scope;
 * {@link #authenticate} is the one cross-tenant read, and it returns only the grant of the presented token.
 */
@Service
public class GatewayTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NAME_MAX = 100;
    private static final String COLUMNS = "id, control_plane_id, name, display_prefix, created_at, created_by,"
            + " last_used_at, revoked_at";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;

    GatewayTokens(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, TenantScopes scopes,
            TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
        this.scopes = scopes;
        this.clock = clock;
    }

    /** Creates a token for a control plane of the current organization. */
    @Transactional
    public IssuedGatewayToken create(ControlPlane plane, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw InvalidInputException.field("name", "Give the token a name, for example the gateway fleet it is for.");
        }
        if (trimmed.length() > NAME_MAX) {
            throw InvalidInputException.field("name", "At most " + NAME_MAX + " characters.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = SyncProtocol.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String createdBy = AuditLog.currentActor().name();
        String prefix = token.substring(0, SyncProtocol.TOKEN_PREFIX.length() + 6);
        jdbc.sql("""
                insert into gw_gateway_token (id, org_id, control_plane_id, name, token_hash, display_prefix, created_at,
                    created_by)
                values (:id, :org, :cp, :name, :hash, :prefix, :at, :by)
                """)
                .param("id", id).param("org", plane.org().value()).param("cp", plane.id()).param("name", trimmed)
                .param("hash", hash(token)).param("prefix", prefix).param("at", Timestamp.from(now))
                .param("by", createdBy)
                .update();
        audit.record("gateway-token.created", "gateway_token", id,
                Map.of("control_plane", plane.id().toString(), "name", trimmed));
        return new IssuedGatewayToken(new GatewayToken(id, plane.id(), trimmed, prefix, now, createdBy, null, null), token);
    }

    /** The tokens of a control plane, newest first, revoked ones included. */
    @Transactional(readOnly = true)
    public List<GatewayToken> list(ControlPlane plane) {
        return jdbc.sql("select " + COLUMNS + " from gw_gateway_token where control_plane_id = :cp order by created_at desc, id")
                .param("cp", plane.id()).query(ROW).list();
    }

    /** One token of a control plane; 404 for any other id (including another organization's tokens). */
    @Transactional(readOnly = true)
    public GatewayToken get(ControlPlane plane, UUID tokenId) {
        return jdbc.sql("select " + COLUMNS + " from gw_gateway_token where control_plane_id = :cp and id = :id")
                .param("cp", plane.id()).param("id", tokenId).query(ROW).optional()
                .orElseThrow(() -> new NotFoundException("gateway token", tokenId));
    }

    /**
     * Revokes a token. Its live sessions are closed right after commit (on every replica); revoking twice
     * is harmless and keeps the first revocation time.
     */
    @Transactional
    public GatewayToken revoke(ControlPlane plane, UUID tokenId) {
        GatewayToken token = get(plane, tokenId);
        if (token.revoked()) {
            return token;
        }
        Instant now = clock.instant();
        jdbc.sql("update gw_gateway_token set revoked_at = :at where id = :id")
                .param("at", Timestamp.from(now)).param("id", tokenId).update();
        audit.record("gateway-token.revoked", "gateway_token", tokenId,
                Map.of("control_plane", plane.id().toString(), "name", token.name()));
        events.publishEvent(new GatewayTokenRevoked(tokenId, plane.id()));
        return new GatewayToken(token.id(), token.controlPlaneId(), token.name(), token.displayPrefix(), token.createdAt(),
                token.createdBy(), token.lastUsedAt(), now);
    }

    /**
     * The grant of a presented token, or empty when it is malformed, unknown or revoked. Runs in the
     * platform scope (the token is what tells the organization) and notes when the token was last used.
     */
    public Optional<TokenGrant> authenticate(String presented) {
        if (presented == null || !presented.startsWith(SyncProtocol.TOKEN_PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.sql("""
                update gw_gateway_token set last_used_at = :at
                where token_hash = :hash and revoked_at is null
                returning id, org_id, control_plane_id
                """)
                .param("at", Timestamp.from(clock.instant())).param("hash", hash(presented))
                .query((rs, n) -> new TokenGrant(rs.getObject("id", UUID.class), new OrgId(rs.getObject("org_id", UUID.class)),
                        rs.getObject("control_plane_id", UUID.class)))
                .optional()));
    }

    /** Whether a token is still valid (not revoked, not deleted); platform scope. */
    public boolean active(UUID tokenId) {
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> jdbc.sql(
                "select count(*) from gw_gateway_token where id = :id and revoked_at is null")
                .param("id", tokenId).query(Long.class).single() > 0));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    private static final RowMapper<GatewayToken> ROW = (rs, n) -> new GatewayToken(rs.getObject("id", UUID.class),
            rs.getObject("control_plane_id", UUID.class), rs.getString("name"), rs.getString("display_prefix"),
            instant(rs.getTimestamp("created_at")), rs.getString("created_by"), instant(rs.getTimestamp("last_used_at")),
            instant(rs.getTimestamp("revoked_at")));

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
