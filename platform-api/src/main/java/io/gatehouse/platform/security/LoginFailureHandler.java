package io.gatehouse.platform.security;

import java.io.IOException;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends a failed sign-in back to the sign-in page: {@code /login?locked} when throttled, {@code /login?error}
 * otherwise, with the exception in the session for the page to show its message.
 */
final class LoginFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, exception);
        String target = exception instanceof LoginThrottledException ? "/login?locked" : "/login?error";
        response.sendRedirect(request.getContextPath() + target);
    }
}
