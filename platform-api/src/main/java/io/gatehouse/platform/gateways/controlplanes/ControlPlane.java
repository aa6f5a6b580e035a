package io.gatehouse.platform.gateways.controlplanes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.platform.tenancy.OrgId;

/**
 * A control plane of an organization: one gateway configuration (services, routes, consumers, plugins, …)
 * that a fleet of gateways runs. {@code revision} grows with every write to its entities; {@code version}
 * guards the control plane's own fields against concurrent edits.
 */
public record ControlPlane(UUID id, OrgId org, String name, String description, Map<String, String> labels,
        long revision, Instant createdAt, Instant updatedAt, long version) {

    public ControlPlane {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
