package io.gatehouse.platform.security;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Signs a user in to the console right after they proved who they are another way (they just signed up, or
 * accepted an invitation with a new password): a fresh session id (no fixation) holding their authentication.
 */
@Component
public class ConsoleSignIn {

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    public void signIn(Account account, HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = SignedInUser.of(account);
        user.eraseCredentials();
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
