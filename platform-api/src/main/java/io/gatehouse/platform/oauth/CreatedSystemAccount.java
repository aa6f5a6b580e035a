package io.gatehouse.platform.oauth;

/** A new system account and its client secret, which is shown this once and stored only as a hash. */
public record CreatedSystemAccount(SystemAccount account, String clientSecret) {
}
