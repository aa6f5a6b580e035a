package io.gatehouse.platform.gateways.controlplanes;

import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * Published once per transaction that changed a control plane's entities, with the revision that
 * transaction committed. Listen with {@code @TransactionalEventListener} (after commit) to push the change
 * to gateways; read what changed with {@link ControlPlaneRevisions#changesSince}.
 */
public record ControlPlaneChanged(OrgId org, UUID controlPlaneId, long revision) {
}
