package io.gatehouse.platform.identity;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs work as a user who has just come into being (sign-up, accepting an invitation) but has no session
 * yet, so that the audit log names them as the actor of what they did.
 */
public final class AsUser {

    private AsUser() {
    }

    public static <T> T call(Account account, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        SignedInUser user = SignedInUser.of(account);
        user.eraseCredentials();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
