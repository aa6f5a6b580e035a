package io.gatehouse.platform.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code /api/v1/control-planes/{cp}/nodes} and {@code …/expected-config-hash}: the gateway fleet of a control plane. */
@ApiController("/api/v1/control-planes/{controlPlane}")
@Tag(name = "Gateway nodes", description = "Gateways connected to a control plane and how far they are synced")
class NodeController {

    private final NodeRegistry nodes;
    private final ControlPlanes controlPlanes;
    private final PlaneConfigs configs;
    private final ObjectProvider<SyncHub> hub;
    private final CurrentCaller caller;

    NodeController(NodeRegistry nodes, ControlPlanes controlPlanes, PlaneConfigs configs, ObjectProvider<SyncHub> hub,
            CurrentCaller caller) {
        this.nodes = nodes;
        this.controlPlanes = controlPlanes;
        this.configs = configs;
        this.hub = hub;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeJson(String id, String hostname, String ip, String version, int protocolVersion, List<String> plugins,
            long revision, String configHash, String syncStatus, String syncError, Instant firstSeen,
            Instant connectedSince, Instant lastSeen, boolean connected, boolean stale) {

        static NodeJson of(GatewayNode node) {
            return new NodeJson(node.id(), node.hostname(), node.ip(), node.version(), node.protocolVersion(), node.plugins(),
                    node.revision(), node.configHash(), node.status().name().toLowerCase(java.util.Locale.ROOT),
                    node.syncError(), node.firstSeen(), node.connectedSince(), node.lastSeen(),
                    node.connectedSince() != null && !node.stale(), node.stale());
        }
    }

    record NodeList(List<NodeJson> data) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SyncErrorJson(long revision, String kind, String error, Instant occurredAt) {

        static SyncErrorJson of(NodeSyncError error) {
            return new SyncErrorJson(error.revision(), error.kind(), error.error(), error.occurredAt());
        }
    }

    record SyncErrorList(List<SyncErrorJson> data) {
    }

    /** One node with its recent sync errors. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NodeDetailJson(@com.fasterxml.jackson.annotation.JsonUnwrapped NodeJson node, List<SyncErrorJson> syncErrors) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExpectedHashJson(long revision, String expectedHash) {
    }

    @GetMapping("/nodes")
    @Operation(summary = "List the gateway nodes of a control plane with their sync status")
    NodeList nodes(@PathVariable String controlPlane) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return new NodeList(nodes.list(controlPlanes.get(controlPlane)).stream().map(NodeJson::of).toList());
    }

    @GetMapping("/nodes/{node}")
    @Operation(summary = "One gateway node of a control plane, with its recent sync errors (newest first)")
    NodeDetailJson node(@PathVariable String controlPlane, @PathVariable String node) {
        caller.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(controlPlane);
        GatewayNode found = nodes.get(plane, node);
        return new NodeDetailJson(NodeJson.of(found), nodes.syncErrors(plane, node).stream().map(SyncErrorJson::of).toList());
    }

    @GetMapping("/nodes/{node}/sync-errors")
    @Operation(summary = "The recent sync errors of a gateway node (NACKs and incompatibilities), newest first; at most"
            + " gatehouse.sync.node-error-history (20) are kept per node, and they are removed with the node")
    SyncErrorList syncErrors(@PathVariable String controlPlane, @PathVariable String node) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return new SyncErrorList(nodes.syncErrors(controlPlanes.get(controlPlane), node).stream().map(SyncErrorJson::of)
                .toList());
    }

    @GetMapping("/expected-config-hash")
    @Operation(summary = "The config hash a gateway in sync with this control plane reports")
    ExpectedHashJson expectedHash(@PathVariable String controlPlane) {
        caller.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(controlPlane);
        // From the hub's feed when gateways of this control plane are connected here (it holds every digest),
        // else from the stored digests (remembered per revision).
        SyncHub running = hub.getIfAvailable();
        Optional<PlaneConfigs.HashAt> live = running == null ? Optional.empty() : running.liveHash(plane.id());
        return live.or(() -> configs.hash(plane.id()))
                .map(found -> new ExpectedHashJson(found.revision(), found.hash()))
                .orElseGet(() -> new ExpectedHashJson(-1, null));
    }
}
