package io.gatehouse.console.portal;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.settings.Portal;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.shared.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What every portal page starts with: the portal of the URL's organization (404 when there is none) and its
 * visitor, both put in the model for {@code portal/layout}. A private portal shows anonymous visitors nothing
 * but its sign-in and sign-up pages.
 */
@Component
class PortalPages {

    private final Portals portals;
    private final PortalVisitor visitor;

    PortalPages(Portals portals, PortalVisitor visitor) {
        this.portals = portals;
        this.visitor = visitor;
    }

    /** For pages anyone may see (sign-in, sign-up, email links): the portal and whoever is signed in. */
    Portal open(String slug, HttpServletRequest request, Model model) {
        Portal portal = portals.find(slug).orElseThrow(() -> new NotFoundException("developer portal", slug));
        Optional<Developer> developer = visitor.developer(portal, request);
        model.addAttribute("portal", portal);
        model.addAttribute("developer", developer.orElse(null));
        return portal;
    }

    /** For the catalogue: like {@link #open}, but a private portal needs a signed-in developer. */
    Portal visible(String slug, HttpServletRequest request, Model model) {
        Portal portal = open(slug, request, model);
        if (!portal.settings().publicPortal() && model.getAttribute("developer") == null) {
            throw new PortalVisitor.SignInRequired(portal);
        }
        return portal;
    }

    /** For a developer's own pages (applications, keys): the signed-in developer or a redirect to sign in. */
    Developer developer(String slug, HttpServletRequest request, Model model) {
        Portal portal = open(slug, request, model);
        Object developer = model.getAttribute("developer");
        if (developer == null) {
            throw new PortalVisitor.SignInRequired(portal);
        }
        return (Developer) developer;
    }

    Portal portal(Model model) {
        return (Portal) model.getAttribute("portal");
    }
}
