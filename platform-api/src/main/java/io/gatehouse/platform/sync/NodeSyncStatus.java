package io.gatehouse.platform.sync;

/** Where a gateway node stands against its control plane. */
public enum NodeSyncStatus {
    /** It serves the control plane's current revision. */
    IN_SYNC,
    /** It serves an older revision (a push is on its way, or it is disconnected). */
    BEHIND,
    /** It rejected the last revision pushed to it and serves an older one; see the error. */
    NACKED,
    /** It cannot run this control plane's config (protocol version or missing plugins); see the error. */
    INCOMPATIBLE
}
