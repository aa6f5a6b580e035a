package io.gatehouse.platform.gateways.controlplanes;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * Published when a control plane is deleted (with its entities, change log, gateway tokens and nodes, all in
 * that transaction). Listen with {@code @TransactionalEventListener} (after commit): the sync hub closes the
 * control plane's live gateway sessions.
 */
public record ControlPlaneDeleted(OrgId org, UUID controlPlaneId) {
}
