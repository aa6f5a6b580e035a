package io.gatehouse.platform.sso;

import java.io.Serial;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CallerSource;
import io.gatehouse.platform.identity.PlatformRole;

/** A console session started through an organization's OpenID provider, mapped to a platform user. */
final class SsoUser extends DefaultOidcUser implements CallerSource, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final String email;
    private final String displayName;
    private final PlatformRole platformRole;

    SsoUser(OidcIdToken idToken, OidcUserInfo userInfo, UUID userId, String email, String displayName,
            PlatformRole platformRole) {
        super(List.of(new SimpleGrantedAuthority("ROLE_USER")), idToken, userInfo, "sub");
        this.userId = userId;
        this.email = email;
        this.displayName = displayName;
        this.platformRole = platformRole;
    }

    @Override
    public Caller caller() {
        return new Caller(userId, displayName, email, actor(), null, null, platformRole, Set.of());
    }

    @Override
    public Actor actor() {
        return new Actor(Actor.Type.USER, userId.toString(), email);
    }

    @Override
    public String getName() {
        return email;
    }
}
