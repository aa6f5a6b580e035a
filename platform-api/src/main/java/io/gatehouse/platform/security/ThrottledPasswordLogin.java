package io.gatehouse.platform.security;

import java.time.Clock;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.gatehouse.platform.identity.LoginThrottle;

/**
 * Form login with throttling: refuses at once while the account or the client address is locked, counts
 * every wrong password, and clears the account's count on success.
 */
final class ThrottledPasswordLogin implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final Clock clock;

    ThrottledPasswordLogin(DaoAuthenticationProvider passwords, LoginThrottle throttle, Clock clock) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
        var locked = throttle.lockedUntil(email, address);
        if (locked.isPresent()) {
            throw new LoginThrottledException(LoginThrottle.waitMessage(locked.get(), clock));
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.recordSuccess(email);
            return result;
        } catch (BadCredentialsException e) {
            throttle.recordFailure(email, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
