package io.gatehouse.platform.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Turns a verified access token of a system account into the request's {@link Caller}. A token of a deleted
 * system account stops working at once, even before it expires;
 * a developer-portal application's token is never a caller of the platform's API.
 */
@Component
public class SystemAccountTokens {

    private final RegisteredClientRepository clients;

    SystemAccountTokens(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    /** The caller, or empty when the token's client no longer exists or the token names no role. */
    public Optional<Caller> caller(Jwt jwt) {
        String clientId = jwt.getSubject();
        var client = clientId == null ? null : clients.findByClientId(clientId);
        if (client == null || jwt.hasClaim(SystemAccountClaims.APP)
                || client.getClientSettings().getSetting(SystemAccountClaims.SETTING_PORTAL_APP) != null) {
            // Unknown, removed, or a portal application's client: its tokens are for the gateways, not this API.
            return Optional.empty();
        }
        List<String> roles = jwt.getClaimAsStringList(SystemAccountClaims.ROLES);
        OrgRole role = null;
        PlatformRole platformRole = null;
        for (String value : roles == null ? List.<String>of() : roles) {
            for (OrgRole candidate : OrgRole.values()) {
                if (candidate.name().equals(value)) {
                    role = candidate;
                }
            }
            for (PlatformRole candidate : PlatformRole.values()) {
                if (candidate.name().equals(value)) {
                    platformRole = candidate;
                }
            }
        }
        String orgClaim = jwt.getClaimAsString(SystemAccountClaims.ORG);
        OrgId org = orgClaim == null ? null : OrgId.of(orgClaim);
        if ((org == null || role == null) && platformRole == null) {
            return Optional.empty();
        }
        String name = Optional.ofNullable(jwt.getClaimAsString(SystemAccountClaims.NAME)).orElse(clientId);
        Set<String> scopes = new LinkedHashSet<>(Optional.ofNullable(jwt.getClaimAsStringList("scope")).orElse(List.of()));
        return Optional.of(new Caller(null, name, null, new Actor(Actor.Type.SYSTEM_ACCOUNT, clientId, name), org, role,
                platformRole, scopes));
    }
}
