package io.gatehouse.platform.sync;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p><b>One writer, in order, acknowledgements batched.</b> Every write the hub makes goes through one queue and
 * one writer thread, so writes about a node land in the order the hub made them. ACKs and heartbeats are the
 * bulk (200 gateways ACK each revision within milliseconds of each other) and nothing waits for them: the writer
 * turns a run of them into one {@code UPDATE … FROM unnest(…)} and one transaction, instead of one transaction per
 * gateway competing for the connection pool with the next change being pushed. The other writes (hello, NACK,
 * incompatible, disconnect) are rare and their callers wait for them, as before. Each sync error (NACK or
 * incompatibility) is also kept in a bounded per-node history ({@code gw_node_sync_error}, V57).
 */
@Component
public class NodeRegistry {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    static final String KIND_NACK = "nack";
    static final String KIND_INCOMPATIBLE = "incompatible";

    /** A registry write waiting for the writer: an ACK or a heartbeat (batched), or any other write (waited for). */
    private sealed interface Write permits Seen, Other {
    }

    /** An ACK ({@code acked}) or a heartbeat: the node serves {@code revision}/{@code hash}, seen {@code at}. */
    private record Seen(UUID controlPlaneId, String nodeId, long revision, String hash, Instant at, boolean acked)
            implements Write {
    }

    private record Other(Runnable work, CompletableFuture<Void> done) implements Write {
    }

    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopped;

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
        this.writer = new Thread(this::drain, "gatehouse-node-registry");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes what is queued, then stops the writer; later writes run on their caller's thread. */
    @PreDestroy
    void stop() {
        stopped = true;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        apply(left);
    }

    /** A node said hello: registers it, or refreshes what it runs, and marks it connected. */
    void connected(TokenGrant grant, Hello hello, String ip) {
        Timestamp now = Timestamp.from(clock.instant());
        await(() -> announce(grant.controlPlaneId(), hello.nodeId(), () -> jdbc.sql("""
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
                .update()));
    }

    /** The node applied a revision (written shortly after, batched with the other nodes' ACKs). */
    void acked(TokenGrant grant, String nodeId, long revision, String hash) {
        enqueue(new Seen(grant.controlPlaneId(), nodeId, revision, truncate(hash, 80), clock.instant(), true));
    }

    /** The node rejected {@code revision} and keeps what it had; the error joins the node's history. */
    void nacked(TokenGrant grant, String nodeId, long revision, String error) {
        syncError(grant, nodeId, NACKED, KIND_NACK, revision, error);
    }

    /** The node cannot run the control plane's config at {@code revision}. */
    void incompatible(TokenGrant grant, String nodeId, long revision, String reason) {
        syncError(grant, nodeId, INCOMPATIBLE, KIND_INCOMPATIBLE, revision, reason);
    }

    private void syncError(TokenGrant grant, String nodeId, String status, String kind, long revision, String error) {
        Timestamp now = Timestamp.from(clock.instant());
        await(() -> announce(grant.controlPlaneId(), nodeId, () -> {
            jdbc.sql("""
                    update gw_node set sync_status = :status, sync_error = :error, last_seen = :now
                    where control_plane_id = :cp and id = :id
                    """)
                    .param("status", status).param("error", error).param("now", now)
                    .param("cp", grant.controlPlaneId()).param("id", nodeId).update();
            jdbc.sql("""
                    insert into gw_node_sync_error (control_plane_id, node_id, org_id, revision, kind, error, occurred_at)
                    select :cp, :id, :org, :revision, :kind, :error, :now
                    where exists (select 1 from gw_node where control_plane_id = :cp and id = :id)
                    """)
                    .param("cp", grant.controlPlaneId()).param("id", nodeId).param("org", grant.org().value())
                    .param("revision", revision).param("kind", kind).param("error", error).param("now", now).update();
            jdbc.sql("""
                    delete from gw_node_sync_error where control_plane_id = :cp and node_id = :id and id not in (
                        select id from gw_node_sync_error where control_plane_id = :cp and node_id = :id
                        order by id desc limit :keep)
                    """)
                    .param("cp", grant.controlPlaneId()).param("id", nodeId)
                    .param("keep", Math.max(1, properties.nodeErrorHistory())).update();
        }));
    }

    /** A heartbeat: the node is alive and serves {@code revision}/{@code hash} (written shortly after, batched). */
    void seen(TokenGrant grant, String nodeId, long revision, String hash) {
        enqueue(new Seen(grant.controlPlaneId(), nodeId, revision, truncate(hash, 80), clock.instant(), false));
    }

    /** The node's session ended. */
    void disconnected(TokenGrant grant, String nodeId) {
        Timestamp now = Timestamp.from(clock.instant());
        await(() -> announce(grant.controlPlaneId(), nodeId, () -> jdbc.sql(
                "update gw_node set connected_since = null, last_seen = :now where control_plane_id = :cp and id = :id")
                .param("now", now).param("cp", grant.controlPlaneId()).param("id", nodeId)
                .update()));
    }

    /**
     * The sync errors of one node of a control plane of the current organization, newest first (at most
     * {@code gatehouse.sync.node-error-history}); 404 for a node that is not there.
     */
    @Transactional(readOnly = true)
    public List<NodeSyncError> syncErrors(ControlPlane plane, String nodeId) {
        get(plane, nodeId);
        return jdbc.sql("""
                select revision, kind, error, occurred_at from gw_node_sync_error
                where control_plane_id = :cp and node_id = :id order by id desc
                """)
                .param("cp", plane.id()).param("id", nodeId)
                .query((rs, n) -> new NodeSyncError(rs.getLong("revision"), rs.getString("kind"), rs.getString("error"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    /** Waits until every write queued so far is in the database (tests, and callers that read right after). */
    void flush() {
        await(() -> {
        });
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

    private void enqueue(Write write) {
        if (stopped) {
            apply(List.of(write));
        } else {
            queue.add(write);
        }
    }

    /** Runs {@code work} on the writer, after everything queued before it, and waits for it. */
    private void await(Runnable work) {
        if (stopped || Thread.currentThread() == writer) {
            work.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Other(work, done));
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the node registry", ex);
        } catch (TimeoutException ex) {
            throw new IllegalStateException("the node registry did not write within 60 s", ex);
        }
    }

    /** The writer: takes whatever is queued, applies it, repeats. */
    private void drain() {
        List<Write> batch = new ArrayList<>();
        while (!stopped) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException ex) {
                return;
            }
            queue.drainTo(batch);
            apply(batch);
            batch.clear();
        }
    }

    /** Applies writes in order: each run of ACKs and heartbeats as one statement, every other write on its own. */
    private void apply(List<Write> writes) {
        Map<String, Seen> run = new LinkedHashMap<>();
        for (Write write : writes) {
            if (write instanceof Seen seen) {
                // A later ACK or heartbeat of the same node supersedes an earlier one; an ACK in the run marks it synced.
                run.merge(seen.controlPlaneId() + "/" + seen.nodeId(), seen, (earlier, later) -> new Seen(
                        later.controlPlaneId(), later.nodeId(), later.revision(), later.hash(), later.at(),
                        earlier.acked() || later.acked()));
            } else if (write instanceof Other other) {
                writeSeen(run.values());
                run.clear();
                try {
                    other.work().run();
                    other.done().complete(null);
                } catch (RuntimeException ex) {
                    other.done().completeExceptionally(ex);
                }
            }
        }
        writeSeen(run.values());
    }

    private void writeSeen(Collection<Seen> seen) {
        if (seen.isEmpty()) {
            return;
        }
        int n = seen.size();
        String[] cps = new String[n];
        String[] ids = new String[n];
        String[] revisions = new String[n];
        String[] hashes = new String[n];
        String[] ats = new String[n];
        String[] acked = new String[n];
        List<String> announced = new ArrayList<>();
        int i = 0;
        for (Seen one : seen) {
            cps[i] = one.controlPlaneId().toString();
            ids[i] = one.nodeId();
            revisions[i] = Long.toString(one.revision());
            hashes[i] = one.hash() == null ? "" : one.hash();
            ats[i] = one.at().toString();
            acked[i] = Boolean.toString(one.acked());
            if (one.acked()) {
                announced.add(ChangeFanout.nodePayload(one.controlPlaneId(), one.nodeId()));
            }
            i++;
        }
        try {
            write(() -> {
                jdbc.sql("""
                        update gw_node n set last_seen = v.at, revision = v.revision, config_hash = v.hash,
                            sync_status = case when v.acked then :synced else n.sync_status end,
                            sync_error = case when v.acked then null else n.sync_error end
                        from unnest(cast(:cps as uuid[]), cast(:ids as text[]), cast(:revisions as bigint[]),
                            cast(:hashes as text[]), cast(:ats as timestamptz[]), cast(:acked as boolean[]))
                            as v(cp, id, revision, hash, at, acked)
                        where n.control_plane_id = v.cp and n.id = v.id
                        """)
                        .param("synced", SYNCED).param("cps", cps).param("ids", ids).param("revisions", revisions)
                        .param("hashes", hashes).param("ats", ats).param("acked", acked)
                        .update();
                if (!announced.isEmpty()) {
                    jdbc.sql("select pg_notify(:channel, p) from unnest(cast(:payloads as text[])) p")
                            .param("channel", ChangeFanout.CHANNEL).param("payloads", announced.toArray(String[]::new))
                            .query((rs, row) -> 1).list();
                }
            });
        } catch (RuntimeException ex) {
            // The next heartbeat (or ACK) of these nodes writes the same facts again.
            log.warn("Could not record {} ACKs and heartbeats in the node registry", n, ex);
        }
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
