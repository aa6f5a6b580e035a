package io.gatehouse.console.portal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.settings.Portal;
import io.gatehouse.platform.shared.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Who is visiting a developer portal. Developers are not console users: a signed-in developer is an id kept in
 * the HTTP session (Spring Session JDBC, so any replica serves it) under a key of that portal's organization,
 * so one browser may be signed in to several portals and a developer of one portal is nobody on another.
 * The developer is re-read on every request, so a suspended developer is signed out at their next click.
 */
@Component
class PortalVisitor {

    private static final String KEY = "gatehouse.portal.developer.";

    private final Developers developers;

    PortalVisitor(Developers developers) {
        this.developers = developers;
    }

    /** The signed-in, still active developer of this portal, if any. */
    Optional<Developer> developer(Portal portal, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(key(portal)) instanceof UUID id)) {
            return Optional.empty();
        }
        try {
            Developer developer = developers.get(portal.org(), id);
            if (developer.active()) {
                return Optional.of(developer);
            }
        } catch (NotFoundException e) {
            // Deleted since: treat as signed out.
        }
        session.removeAttribute(key(portal));
        return Optional.empty();
    }

    /** The signed-in developer, or a redirect to sign in (as {@link SignInRequired}). */
    Developer require(Portal portal, HttpServletRequest request) {
        return developer(portal, request).orElseThrow(() -> new SignInRequired(portal));
    }

    void signIn(Portal portal, Developer developer, HttpServletRequest request) {
        request.getSession(true);
        // A new session id at sign-in, so an id planted before it (session fixation) is worth nothing.
        request.changeSessionId();
        request.getSession().setAttribute(key(portal), developer.id());
    }

    void signOut(Portal portal, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(key(portal));
        }
    }

    private static String key(Portal portal) {
        return KEY + portal.org().value();
    }

    /** Thrown by pages that need a signed-in developer; {@link PortalAdvice} answers with a redirect to sign in. */
    static final class SignInRequired extends RuntimeException {

        private final transient Portal portal;

        SignInRequired(Portal portal) {
            super("Sign in to the developer portal", null, false, false);
            this.portal = portal;
        }

        Portal portal() {
            return portal;
        }
    }
}
