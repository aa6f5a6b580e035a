package io.gatehouse.platform.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Sign-in refused because of too many failed attempts. The sign-in page is redirected to with
 * {@code ?locked}, and the message (how long to wait) is in the session attribute
 * {@code SPRING_SECURITY_LAST_EXCEPTION}, like every sign-in error.
 */
public class LoginThrottledException extends AuthenticationException {

    public LoginThrottledException(String message) {
        super(message);
    }
}
