package io.gatehouse.platform.gateways.declarative;

import java.util.UUID;

import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * A control plane's whole configuration as its gateways run it, at one revision, with the gateway's canonical
 * config hash ({@code ConfigHash}) that gateways report back after applying it.
 */
public record GatewaySnapshot(OrgId org, UUID controlPlaneId, long revision, DeclarativeConfig config, String hash) {
}
