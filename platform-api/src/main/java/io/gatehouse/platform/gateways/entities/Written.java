package io.gatehouse.platform.gateways.entities;

/**
 * The result of a write: the stored entity, whether it was created, the revision the write produced, and a
 * secret generated for the caller (a key-auth key), shown once and never again.
 */
public record Written(GatewayEntity entity, boolean created, long revision, String generatedKey) {
}
