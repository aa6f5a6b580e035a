package io.gatehouse.platform.gateways.entities;

import java.util.List;

/** One page of a listing and the opaque token of the next one ({@code null} on the last page). */
public record EntityPage(List<GatewayEntity> data, String offset) {
}
