package io.gatehouse.platform.gateways.controlplanes;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * The revision counter and change log of control planes.
 *
 * <p>The first write of a transaction to a control plane runs
 * {@code UPDATE gw_control_plane SET revision = revision + 1 ... RETURNING revision}: that row lock
 * serializes writers of one control plane until commit, so revisions are gap-free and commit in order.
 * Later writes of the same transaction reuse that revision (an import of 500 entities is one revision),
 * and each appends a {@code gw_change} row. {@link ControlPlaneChanged} is published once per transaction;
 * transactional listeners receive it after commit, and not at all after a rollback.
 */
@Component
public class ControlPlaneRevisions {

    private static final String BUMPED = ControlPlaneRevisions.class.getName() + ".bumped";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ControlPlaneRevisions(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Appends a change to the log under this transaction's revision of the control plane, bumping it if first. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(UUID controlPlaneId, String entityType, UUID entityId, EntityChange.Op op) {
        long revision = currentTransactionRevision(controlPlaneId);
        jdbc.sql("""
                insert into gw_change (org_id, control_plane_id, revision, entity_type, entity_id, op, changed_at)
                select org_id, id, :revision, :type, :entity, :op, :at from gw_control_plane where id = :cp
                """)
                .param("revision", revision).param("type", entityType).param("entity", entityId)
                .param("op", op.wireName()).param("at", java.sql.Timestamp.from(clock.instant()))
                .param("cp", controlPlaneId)
                .update();
        return revision;
    }

    private long currentTransactionRevision(UUID controlPlaneId) {
        @SuppressWarnings("unchecked")
        Map<UUID, Long> bumped = (Map<UUID, Long>) TransactionSynchronizationManager.getResource(BUMPED);
        if (bumped == null) {
            bumped = new HashMap<>();
            TransactionSynchronizationManager.bindResource(BUMPED, bumped);
            TransactionSynchronizationManager.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BUMPED);
                }
            });
        }
        Long known = bumped.get(controlPlaneId);
        if (known != null) {
            return known;
        }
        record Bump(UUID orgId, long revision) {
        }
        Bump bump = jdbc.sql("""
                update gw_control_plane set revision = revision + 1 where id = :cp returning org_id, revision
                """)
                .param("cp", controlPlaneId)
                .query((rs, n) -> new Bump(rs.getObject("org_id", UUID.class), rs.getLong("revision")))
                .optional()
                .orElseThrow(() -> new NotFoundException("control plane", controlPlaneId));
        bumped.put(controlPlaneId, bump.revision());
        events.publishEvent(new ControlPlaneChanged(new OrgId(bump.orgId()), controlPlaneId, bump.revision()));
        return bump.revision();
    }

    /**
     * The changes after {@code revision}, oldest first; what config sync sends a gateway that holds
     * {@code revision}. Runs in the caller's tenant scope (the sync hub uses the platform scope).
     */
    @Transactional(readOnly = true)
    public List<EntityChange> changesSince(UUID controlPlaneId, long revision) {
        return jdbc.sql("""
                select revision, entity_type, entity_id, op, changed_at from gw_change
                where control_plane_id = :cp and revision > :revision order by revision, id
                """)
                .param("cp", controlPlaneId).param("revision", revision)
                .query((rs, n) -> new EntityChange(rs.getLong("revision"), rs.getString("entity_type"),
                        rs.getObject("entity_id", UUID.class), EntityChange.Op.of(rs.getString("op")),
                        rs.getTimestamp("changed_at").toInstant()))
                .list();
    }
}
