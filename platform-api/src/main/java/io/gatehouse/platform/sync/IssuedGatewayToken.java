package io.gatehouse.platform.sync;

/** A gateway token just created: {@code token} is the secret, shown this once and never stored. */
public record IssuedGatewayToken(GatewayToken details, String token) {
}
