package io.gatehouse.platform.portal.products;

/**
 * A new version of a product: its name ({@code v1}, {@code 2024-06}) and the gateway service it exposes,
 * named by control plane (id or name) and service (id or name) in that control plane.
 */
public record VersionDraft(String name, String controlPlane, String service) {
}
