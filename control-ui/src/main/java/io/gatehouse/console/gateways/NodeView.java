package io.gatehouse.console.gateways;

import java.util.Optional;

import io.gatehouse.gateway.sync.SyncProtocol;
import io.gatehouse.platform.sync.GatewayNode;
import io.gatehouse.platform.sync.NodeSyncStatus;
import io.gatehouse.support.catalog.VersionSupport;

/**
 * A gateway node as the Gateways page shows it: the registry's record plus what the page derives — whether it
 * is connected, stale (its session is open but it has been silent past the stale threshold, e.g. its replica
 * died) or offline; its sync status in words; and whether its gateway version and protocol are supported.
 *
 * @param versionSupport the support policy's verdict on the gateway version, empty when the version is not
 *                       in the product catalogue
 */
record NodeView(GatewayNode node, Optional<VersionSupport> versionSupport) {

    /** {@code connected}, {@code stale} or {@code offline}. */
    public String connection() {
        if (node.connectedSince() == null) {
            return "offline";
        }
        return node.stale() ? "stale" : "connected";
    }

    public boolean connected() {
        return "connected".equals(connection());
    }

    /** {@code synced}, {@code pending} (a push is on its way), {@code behind} (not connected), {@code nacked}, {@code incompatible}. */
    public String sync() {
        NodeSyncStatus status = node.status();
        return switch (status) {
            case IN_SYNC -> "synced";
            case BEHIND -> node.connectedSince() == null ? "behind" : "pending";
            case NACKED -> "nacked";
            case INCOMPATIBLE -> "incompatible";
        };
    }

    public String syncLabel() {
        return switch (sync()) {
            case "synced" -> "Synced";
            case "pending" -> "Pending";
            case "behind" -> "Behind";
            case "nacked" -> "NACKed";
            default -> "Incompatible";
        };
    }

    /** Whether this control plane speaks the node's sync protocol version. */
    public boolean protocolSupported() {
        return node.protocolVersion() >= SyncProtocol.OLDEST_SUPPORTED_VERSION
                && node.protocolVersion() <= SyncProtocol.VERSION;
    }

    public String protocolNote() {
        return protocolSupported() ? "supported"
                : "not supported (this control plane speaks " + SyncProtocol.OLDEST_SUPPORTED_VERSION + " to "
                        + SyncProtocol.VERSION + ")";
    }

    /** The support policy's word on the gateway version. */
    public String versionNote() {
        if (versionSupport.isEmpty()) {
            return "not in the version catalogue";
        }
        VersionSupport support = versionSupport.get();
        return switch (support.status()) {
            case SUPPORTED -> support.supportedUntil() == null ? "supported" : "supported until " + support.supportedUntil();
            case UPGRADE_ASSISTANCE -> "out of support; upgrade help until " + support.assistanceUntil();
            case UNSUPPORTED -> "no longer supported";
        };
    }

    public boolean versionSupported() {
        return versionSupport.map(VersionSupport::supported).orElse(false);
    }

    /** The config hash shortened for a table cell ({@code sha256:1a2b3c4d5e6f}). */
    public String shortHash() {
        String hash = node.configHash();
        if (hash == null || hash.isEmpty()) {
            return "none";
        }
        return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
    }
}
