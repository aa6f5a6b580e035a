package io.gatehouse.platform.sso;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Client registrations loaded from the database: the registration id is the organization's slug, and the
 * provider's endpoints come from its OpenID discovery document. A registration is cached until the
 * organization's SSO settings change (their version).
 */
@Component
class SsoClientRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(SsoClientRegistrations.class);

    private record Cached(long version, String issuer, ClientRegistration registration) {
    }

    private final SingleSignOn sso;
    private final TenantScopes scopes;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    SsoClientRegistrations(SingleSignOn sso, TenantScopes scopes) {
        this.sso = sso;
        this.scopes = scopes;
    }

    @Override
    public ClientRegistration findByRegistrationId(String slug) {
        var found = scopes.call(TenantScope.platform(), () -> sso.registration(slug));
        if (found.isEmpty()) {
            cache.remove(slug);
            return null;
        }
        SingleSignOn.Registration registration = found.get();
        Cached cached = cache.get(slug);
        if (cached != null && cached.version() == registration.version() && cached.issuer().equals(registration.issuer())) {
            return cached.registration();
        }
        try {
            ClientRegistration built = ClientRegistrations.fromIssuerLocation(registration.issuer())
                    .registrationId(slug)
                    .clientId(registration.clientId())
                    .clientSecret(registration.clientSecret())
                    .clientName(slug)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope("openid", "email", "profile")
                    .userNameAttributeName("sub")
                    .build();
            cache.put(slug, new Cached(registration.version(), registration.issuer(), built));
            return built;
        } catch (RuntimeException e) {
            log.warn("Single sign-on of organization {} is unavailable: its issuer {} could not be discovered ({})",
                    slug, registration.issuer(), e.getMessage());
            return null;
        }
    }
}
