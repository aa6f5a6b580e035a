package io.gatehouse.platform.sso;

import java.time.Instant;

/**
 * An organization's single sign-on settings as shown: never the client secret, only whether one is set.
 *
 * @param loginPath where members start an SSO sign-in: {@code /oauth2/authorization/{org-slug}}
 */
public record SsoSettings(boolean configured, String issuer, String clientId, boolean clientSecretSet,
        boolean enabled, Instant updatedAt, String loginPath) {
}
