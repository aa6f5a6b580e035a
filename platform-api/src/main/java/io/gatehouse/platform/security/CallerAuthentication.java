package io.gatehouse.platform.security;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CallerSource;

/** The authentication of an API request made with a token (personal access token or system-account JWT). */
final class CallerAuthentication extends AbstractAuthenticationToken implements CallerSource, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Caller caller;
    private final String credentialKind;

    CallerAuthentication(Caller caller, String credentialKind) {
        super(authorities(caller));
        this.caller = caller;
        this.credentialKind = credentialKind;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (caller.role() != null) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.role()));
        }
        if (caller.platformRole() != null) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.platformRole()));
        }
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public Actor actor() {
        return caller.actor();
    }

    @Override
    public Object getCredentials() {
        return credentialKind;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.actor().name();
    }
}
