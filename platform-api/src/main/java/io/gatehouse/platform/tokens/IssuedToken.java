package io.gatehouse.platform.tokens;

/** A newly created personal access token: {@code token} is shown this once and never stored. */
public record IssuedToken(PersonalAccessToken details, String token) {
}
