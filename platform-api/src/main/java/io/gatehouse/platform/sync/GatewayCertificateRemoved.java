package io.gatehouse.platform.sync;

import java.util.UUID;

/** A pinned client certificate was removed: sessions it authenticated are closed after commit, on every replica. */
public record GatewayCertificateRemoved(UUID certificateId, UUID controlPlaneId) {
}
