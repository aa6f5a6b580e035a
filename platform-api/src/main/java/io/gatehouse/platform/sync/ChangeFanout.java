package io.gatehouse.platform.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.gatehouse.platform.gateways.controlplanes.ControlPlaneChanged;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDeleted;

/**
 * Carries control-plane changes and token revocations to the sync hub of every replica.
 *
 * <p>The writing transaction itself sends {@code NOTIFY gatehouse_config} (before commit, so PostgreSQL
 * delivers it exactly when, and only if, the transaction commits); this replica also pushes at once after
 * commit, without waiting for its own notification. Every replica LISTENs on a dedicated connection on its own
 * thread. Payloads: {@code <control-plane-id>:<revision>}, {@code revoked:<token-id>}, {@code deleted:<control-plane-id>},
 * {@code unpinned:<certificate-id>} and {@code node:<control-plane-id>:<node-id>} (a node's status changed; published
 * here as {@link NodeStatusChanged} for the console). After the listening
 * connection is re-established, every feed is caught up with the database, since notifications sent while it
 * was down are lost.
 */
class ChangeFanout implements SmartLifecycle {

    static final String CHANNEL = "gatehouse_config";
    private static final String REVOKED = "revoked:";
    private static final String NODE = "node:";
    private static final String DELETED = "deleted:";
    private static final String UNPINNED = "unpinned:";
    private static final Logger log = LoggerFactory.getLogger(ChangeFanout.class);

    private final SyncHub hub;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private volatile Thread listener;
    private volatile boolean running;

    ChangeFanout(SyncHub hub, ApplicationEventPublisher events, JdbcClient jdbc, DataSource dataSource) {
        this.hub = hub;
        this.events = events;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void notifyReplicas(ControlPlaneChanged change) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL)
                .param("payload", change.controlPlaneId() + ":" + change.revision()).query((rs, n) -> 1).list();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void pushHere(ControlPlaneChanged change) {
        hub.changed(change.controlPlaneId(), change.revision());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void notifyReplicas(GatewayTokenRevoked revoked) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL)
                .param("payload", REVOKED + revoked.tokenId()).query((rs, n) -> 1).list();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void disconnectHere(GatewayTokenRevoked revoked) {
        hub.revoked(revoked.tokenId());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void notifyReplicas(ControlPlaneDeleted deleted) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL)
                .param("payload", DELETED + deleted.controlPlaneId()).query((rs, n) -> 1).list();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void disconnectHere(ControlPlaneDeleted deleted) {
        hub.deleted(deleted.controlPlaneId());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void notifyReplicas(GatewayCertificateRemoved removed) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL)
                .param("payload", UNPINNED + removed.certificateId()).query((rs, n) -> 1).list();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void disconnectHere(GatewayCertificateRemoved removed) {
        hub.certificateRemoved(removed.certificateId());
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::listen, "gatehouse-sync-listen");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean first = true;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                if (!first) {
                    hub.refreshAll();
                }
                first = false;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException ex) {
                if (!running) {
                    return;
                }
                log.warn("Lost the change notification connection ({}); listening again in 1 s", ex.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The payload announcing a node's status change ({@link NodeRegistry}): {@code node:<control-plane-id>:<node-id>}. */
    static String nodePayload(UUID controlPlaneId, String nodeId) {
        return NODE + controlPlaneId + ":" + nodeId;
    }

    void dispatch(String payload) {
        try {
            if (payload.startsWith(NODE)) {
                int colon = payload.indexOf(':', NODE.length());
                events.publishEvent(new NodeStatusChanged(UUID.fromString(payload.substring(NODE.length(), colon)),
                        payload.substring(colon + 1)));
                return;
            }
            if (payload.startsWith(REVOKED)) {
                hub.revoked(UUID.fromString(payload.substring(REVOKED.length())));
                return;
            }
            if (payload.startsWith(UNPINNED)) {
                hub.certificateRemoved(UUID.fromString(payload.substring(UNPINNED.length())));
                return;
            }
            if (payload.startsWith(DELETED)) {
                hub.deleted(UUID.fromString(payload.substring(DELETED.length())));
                return;
            }
            int colon = payload.lastIndexOf(':');
            hub.changed(UUID.fromString(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
            log.warn("Ignoring a malformed change notification '{}'", payload);
        }
    }
}
