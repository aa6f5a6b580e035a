package io.gatehouse.platform.analytics;

import java.util.UUID;

/**
 * One consumer's traffic on one control plane: a slice of what {@link TrafficAnalytics#usage} adds up.
 *
 * @param controlPlane the control plane (already resolved in the caller's organization)
 * @param consumer     the consumer's id as gateways record it
 */
public record TrafficSource(UUID controlPlane, String consumer) {
}
