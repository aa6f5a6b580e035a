package io.gatehouse.platform.sso;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Completes an SSO sign-in: the provider's verified email must belong to a member of the organization whose
 * provider it is (the registration id is the org's slug). Nobody else gets in, and no account is created.
 */
@Component
public class SsoLogin extends OidcUserService {

    private final Organizations organizations;
    private final Accounts accounts;
    private final Memberships memberships;
    private final TenantScopes scopes;

    SsoLogin(Organizations organizations, Accounts accounts, Memberships memberships, TenantScopes scopes) {
        this.organizations = organizations;
        this.accounts = accounts;
        this.memberships = memberships;
        this.scopes = scopes;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser oidcUser = super.loadUser(request);
        String slug = request.getClientRegistration().getRegistrationId();
        if (oidcUser.getEmail() == null || Boolean.FALSE.equals(oidcUser.getEmailVerified())) {
            throw denied("Your identity provider did not confirm your email address.");
        }
        Organization org = organizations.findPublicBySlug(slug).orElseThrow(() -> denied("Unknown organization."));
        Account account = accounts.findByEmail(oidcUser.getEmail())
                .filter(Account::isEnabled)
                .orElseThrow(() -> denied("No member of " + org.getName() + " has the email " + oidcUser.getEmail() + "."));
        boolean member = scopes.call(TenantScope.org(org.orgId()),
                () -> memberships.roleOf(org.orgId(), account.getId())).isPresent();
        if (!member) {
            throw denied("No member of " + org.getName() + " has the email " + oidcUser.getEmail() + ".");
        }
        return new SsoUser(oidcUser.getIdToken(), oidcUser.getUserInfo(), account.getId(), account.getEmail(),
                account.getDisplayName(), account.getPlatformRole());
    }

    private static OAuth2AuthenticationException denied(String message) {
        return new OAuth2AuthenticationException(new OAuth2Error("access_denied", message, null), message);
    }
}
