package io.gatehouse.console.shell;

import java.io.IOException;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's Content-Security-Policy. Every script the pages load is a file of this application (htmx from
 * its webjar, {@code console.js}); no inline script, no {@code eval}-based htmx features ({@code hx-on},
 * {@code js:} values). Inline styles are allowed because htmx injects its indicator style.
 *
 * <p>Developer-portal pages get two more sources: the organization's logo from any https address, and
 * "Try it out" calls from the API reference to whichever gateway address the developer enters.
 */
@Component
class ContentSecurityPolicy extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; form-action 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'";

    static final String PORTAL_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; connect-src 'self' https: http:; form-action 'self'; base-uri 'self'; "
            + "frame-ancestors 'none'; object-src 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean portal = request.getRequestURI().startsWith(request.getContextPath() + "/portal/");
        response.setHeader("Content-Security-Policy", portal ? PORTAL_POLICY : POLICY);
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }
}
