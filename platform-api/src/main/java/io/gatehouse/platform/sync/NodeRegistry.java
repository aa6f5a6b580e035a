package io.gatehouse.platform.sync;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.gateway.sync.Hello;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The gateway nodes of each control plane: written by the hub (platform scope, for the session's own
 * control plane only), read by the API (the caller's tenant scope). The stored status is the outcome of
 * the last push ({@code synced}, {@code nacked}, {@code incompatible}, {@code pending}); whether a node is
 * in sync or behind is derived on read against the control plane's current revision, and staleness from
 * last seen. Each write that changes a node's status (not a heartbeat) sends a {@code node:} notification on the
 * change channel, which {@link ChangeFanout} turns into {@link NodeStatusChanged} on every replica.
 */
@Component
public class NodeRegistry {

    static final String SYNCED = "synced";
    static final String PENDING = "pending";
    static final String NACKED = "nacked";
    static final String INCOMPATIBLE = "incompatible";

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final SyncProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    NodeRegistry(JdbcClient jdbc, TenantScopes scopes, TransactionTemplate tx, SyncProperties properties, AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.scopes = scopes;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** A node said hello: registers it, or refreshes what it runs, and marks it connected. */
    void connected(TokenGrant grant, Hello hello, String ip) {
        Timestamp now = Timestamp.from(clock.instant());
        announce(grant.controlPlaneId(), hello.nodeId(), () -> jdbc.sql("""
                insert into gw_node (control_plane_id, id, org_id, hostname, ip, version, protocol_version, plugins,
                    token_id, revision, config_hash, sync_status, first_seen, connected_since, last_seen)
                values (:cp, :id, :org, :hostname, :ip, :version, :protocol, :plugins, :token, :revision, :hash, :status,
                    :now, :now, :now)
                on conflict (control_plane_id, id) do update set hostname = excluded.hostname, ip = excluded.ip,
                    version = excluded.version, protocol_version = excluded.protocol_version, plugins = excluded.plugins,
                    token_id = excluded.token_id, revision = excluded.revision, config_hash = excluded.config_hash,
                    sync_status = excluded.sync_status, sync_error = null, connected_since = excluded.connected_since,
                    last_seen = excluded.last_seen
                """)
                .param("cp", grant.controlPlaneId()).param("id", hello.nodeId()).param("org", grant.org().value())
                .param("hostname", truncate(hello.hostname(), 255)).param("ip", truncate(ip, 64))
                .param("version", truncate(hello.version(), 64)).param("protocol", hello.protocolVersion())
                .param("plugins", hello.plugins().toArray(String[]::new)).param("token", grant.tokenId())
                .param("revision", hello.revision()).param("hash", truncate(hello.hash(), 80)).param("status", PENDING)
                .param("now", now)
                .update());
    }

    /** The node applied a revision. */
    void acked(TokenGrant grant, String nodeId, long revision, String hash) {
        announce(grant.controlPlaneId(), nodeId, () -> jdbc.sql("""
                update gw_node set sync_status = :status, sync_error = null, revision = :revision, config_hash = :hash,
                    last_seen = :now
                where control_plane_id = :cp and id = :id
                """)
                .param("status", SYNCED).param("revision", revision).param("hash", truncate(hash, 80))
                .param("now", Timestamp.from(clock.instant())).param("cp", grant.controlPlaneId()).param("id", nodeId)
                .update());
    }

    /** The node rejected a revision and keeps what it had. */
    void nacked(TokenGrant grant, String nodeId, String error) {
        announce(grant.controlPlaneId(), nodeId, () -> jdbc.sql("""
                update gw_node set sync_status = :status, sync_error = :error, last_seen = :now
                where control_plane_id = :cp and id = :id
                """)
                .param("status", NACKED).param("error", error).param("now", Timestamp.from(clock.instant()))
                .param("cp", grant.controlPlaneId()).param("id", nodeId).update());
    }

    /** The node cannot run the control plane's config. */
    void incompatible(TokenGrant grant, String nodeId, String reason) {
        announce(grant.controlPlaneId(), nodeId, () -> jdbc.sql("""
                update gw_node set sync_status = :status, sync_error = :error, last_seen = :now
                where control_plane_id = :cp and id = :id
                """)
                .param("status", INCOMPATIBLE).param("error", reason).param("now", Timestamp.from(clock.instant()))
                .param("cp", grant.controlPlaneId()).param("id", nodeId).update());
    }

    /** A heartbeat: the node is alive and serves {@code revision}/{@code hash}. */
    void seen(TokenGrant grant, String nodeId, long revision, String hash) {
        write(() -> jdbc.sql("""
                update gw_node set last_seen = :now, revision = :revision, config_hash = :hash
                where control_plane_id = :cp and id = :id
                """)
                .param("now", Timestamp.from(clock.instant())).param("revision", revision).param("hash", truncate(hash, 80))
                .param("cp", grant.controlPlaneId()).param("id", nodeId).update());
    }

    /** The node's session ended. */
    void disconnected(TokenGrant grant, String nodeId) {
        announce(grant.controlPlaneId(), nodeId, () -> jdbc.sql("update gw_node set connected_since = null, last_seen = :now where control_plane_id = :cp and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("cp", grant.controlPlaneId()).param("id", nodeId)
                .update());
    }

    /** The nodes of a control plane of the current organization, most recently seen first. */
    @Transactional(readOnly = true)
    public List<GatewayNode> list(ControlPlane plane) {
        return jdbc.sql("""
                select n.*, p.revision as plane_revision from gw_node n join gw_control_plane p on p.id = n.control_plane_id
                where n.control_plane_id = :cp order by n.last_seen desc, n.id
                """)
                .param("cp", plane.id())
                .query(nodeRow(plane))
                .list();
    }

    /** One node of a control plane of the current organization; 404 for any other. */
    @Transactional(readOnly = true)
    public GatewayNode get(ControlPlane plane, String nodeId) {
        return jdbc.sql("""
                select n.*, p.revision as plane_revision from gw_node n join gw_control_plane p on p.id = n.control_plane_id
                where n.control_plane_id = :cp and n.id = :id
                """)
                .param("cp", plane.id()).param("id", nodeId)
                .query(nodeRow(plane))
                .optional()
                .orElseThrow(() -> new NotFoundException("gateway node", nodeId));
    }

    /**
     * Removes a node that is not connected (offline, or stale: silent past the stale threshold) from the
     * registry, audited. A connected node cannot be forgotten (it would reappear at its next message): 409.
     * A forgotten gateway that connects again is registered afresh.
     */
    @Transactional
    public void forget(ControlPlane plane, String nodeId) {
        GatewayNode node = get(plane, nodeId);
        if (node.connectedSince() != null && !node.stale()) {
            throw new ConflictException("Gateway " + nodeId + " is connected; stop it (or revoke its token) first.");
        }
        jdbc.sql("delete from gw_node where control_plane_id = :cp and id = :id")
                .param("cp", plane.id()).param("id", nodeId).update();
        notifyReplicas(plane.id(), nodeId);
        audit.record("gateway-node.forgotten", "gateway_node", nodeId,
                Map.of("control_plane", plane.id().toString(), "hostname", node.hostname()));
    }

    private RowMapper<GatewayNode> nodeRow(ControlPlane plane) {
        Instant staleBefore = clock.instant().minus(properties.nodeStaleAfter());
        return (rs, i) -> {
            Instant lastSeen = rs.getTimestamp("last_seen").toInstant();
            boolean stale = lastSeen.isBefore(staleBefore);
            long revision = rs.getLong("revision");
            String stored = rs.getString("sync_status");
            NodeSyncStatus status = switch (stored) {
                case NACKED -> NodeSyncStatus.NACKED;
                case INCOMPATIBLE -> NodeSyncStatus.INCOMPATIBLE;
                default -> revision >= rs.getLong("plane_revision") ? NodeSyncStatus.IN_SYNC : NodeSyncStatus.BEHIND;
            };
            return new GatewayNode(rs.getString("id"), plane.id(), rs.getString("hostname"), rs.getString("ip"),
                    rs.getString("version"), rs.getInt("protocol_version"), strings(rs.getArray("plugins")), revision,
                    rs.getString("config_hash"), status, rs.getString("sync_error"),
                    rs.getTimestamp("first_seen").toInstant(),
                    GatewayTokens.instant(rs.getTimestamp("connected_since")), lastSeen, stale);
        };
    }

    /** Removes nodes not seen for the purge period, across all organizations; returns how many. */
    int purge() {
        Instant before = clock.instant().minus(properties.nodePurgeAfter());
        return scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
            // One replica purges at a time; the others skip this round instead of waiting.
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(hashtext('gatehouse.sync.node-purge'))")
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            return jdbc.sql("delete from gw_node where last_seen < :before").param("before", Timestamp.from(before)).update();
        }));
    }

    private void write(Runnable work) {
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> work.run()));
    }

    /** A write that changes what the console shows of a node: every replica hears of it once it commits. */
    private void announce(UUID controlPlaneId, String nodeId, Runnable work) {
        write(() -> {
            work.run();
            notifyReplicas(controlPlaneId, nodeId);
        });
    }

    /** Sent inside the writing transaction, so PostgreSQL delivers it if and only if the write commits. */
    private void notifyReplicas(UUID controlPlaneId, String nodeId) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", ChangeFanout.CHANNEL)
                .param("payload", ChangeFanout.nodePayload(controlPlaneId, nodeId)).query((rs, n) -> 1).list();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
