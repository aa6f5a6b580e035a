package io.gatehouse.platform.gateways.entities;

/**
 * The entity a nested path hangs under ({@code /services/{service}/routes}): the reference and the parent's
 * id or name. A nested read finds only children of that parent; a nested create sets the reference.
 */
public record Parent(EntityType.Reference reference, String idOrName) {
}
