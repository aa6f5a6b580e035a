package io.gatehouse.platform.identity;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import io.gatehouse.platform.audit.Actor;

/**
 * The principal of a console session (form login or SSO). It is serialized into the session table, so it
 * holds only ids and names; the org of each request is resolved from the URL and the user's memberships.
 */
public final class SignedInUser implements UserDetails, CredentialsContainer, CallerSource, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final String email;
    private final String displayName;
    private final PlatformRole platformRole;
    private final boolean enabled;
    private String passwordHash;

    public SignedInUser(UUID userId, String email, String displayName, PlatformRole platformRole, boolean enabled,
            String passwordHash) {
        this.userId = userId;
        this.email = email;
        this.displayName = displayName;
        this.platformRole = platformRole;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    public static SignedInUser of(Account account) {
        return new SignedInUser(account.getId(), account.getEmail(), account.getDisplayName(),
                account.getPlatformRole(), account.isEnabled(), account.passwordHash());
    }

    public UUID userId() { return userId; }
    public String email() { return email; }
    public String displayName() { return displayName; }
    public PlatformRole platformRole() { return platformRole; }

    @Override
    public Caller caller() {
        return new Caller(userId, displayName, email, actor(), null, null, platformRole, Set.of());
    }

    @Override
    public Actor actor() {
        return new Actor(Actor.Type.USER, userId.toString(), email);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return platformRole == null ? List.of(new SimpleGrantedAuthority("ROLE_USER"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_" + platformRole));
    }

    @Override
    public String getPassword() { return passwordHash; }

    @Override
    public String getUsername() { return email; }

    @Override
    public boolean isEnabled() { return enabled; }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInUser that && userId.equals(that.userId);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }

    @Override
    public String toString() {
        return "SignedInUser[" + email + "]";
    }
}
