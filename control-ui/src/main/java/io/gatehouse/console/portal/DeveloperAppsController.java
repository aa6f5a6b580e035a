package io.gatehouse.console.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.console.shell.FormErrors;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.Applications;
import io.gatehouse.platform.portal.apps.Credential;
import io.gatehouse.platform.portal.apps.CredentialKind;
import io.gatehouse.platform.portal.apps.Credentials;
import io.gatehouse.platform.portal.apps.IssuedCredential;
import io.gatehouse.platform.portal.apps.Registrations;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.products.AccessPlan;
import io.gatehouse.platform.portal.products.ApiCatalog;
import io.gatehouse.platform.portal.products.CatalogEntry;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.products.VersionStatus;
import io.gatehouse.platform.portal.settings.Portal;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A developer's applications on one portal: create them, request access to a product version under a plan,
 * issue, rotate and revoke API keys, and get an OAuth2 client (client id + secret of the platform's authorization
 * server, for OAuth2 client-credentials plans). A key or client secret is shown once, on the response that created
 * it ({@code Cache-Control: no-store}), with a curl example for the token; afterwards only the key's first characters
 * and the client id.
 */
@Controller
@RequestMapping("/portal/{slug}/apps")
class DeveloperAppsController {

    record AppForm(String name, String description) {
    }

    /** One plan a developer may choose, with what it belongs to. */
    record PlanChoice(String value, String label) {
    }

    private final PortalPages pages;
    private final Applications applications;
    private final Registrations registrations;
    private final Credentials credentials;
    private final ApiCatalog catalog;
    private final Clock clock;
    private final String tokenUrl;

    DeveloperAppsController(PortalPages pages, Applications applications, Registrations registrations, Credentials credentials,
            ApiCatalog catalog, Clock clock, @Value("${gatehouse.public-url}") String publicUrl) {
        this.pages = pages;
        this.applications = applications;
        this.registrations = registrations;
        this.credentials = credentials;
        this.catalog = catalog;
        this.clock = clock;
        this.tokenUrl = publicUrl.replaceAll("/+$", "") + "/oauth2/token";
    }

    @GetMapping
    String list(@PathVariable String slug, HttpServletRequest request, Model model) {
        Developer developer = pages.developer(slug, request, model);
        model.addAttribute("apps", applications.list(developer.org(), developer.id()));
        model.addAttribute("form", new AppForm("", ""));
        return "portal/apps";
    }

    @PostMapping
    String create(@PathVariable String slug, @ModelAttribute("form") AppForm form, BindingResult result, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Developer developer = pages.developer(slug, request, model);
        try {
            Application app = applications.create(developer.org(), developer.id(), new ApplicationDraft(form.name(), form.description()));
            return "redirect:/portal/" + slug + "/apps/" + app.id();
        } catch (InvalidInputException e) {
            FormErrors.reject(result, e);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ConflictException e) {
            FormErrors.reject(result, "name", e.getMessage());
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        model.addAttribute("apps", applications.list(developer.org(), developer.id()));
        return "portal/apps";
    }

    @GetMapping("/{app}")
    String app(@PathVariable String slug, @PathVariable UUID app, HttpServletRequest request, Model model) {
        Developer developer = pages.developer(slug, request, model);
        return page(developer, app, model);
    }

    @PostMapping("/{app}/registrations")
    String register(@PathVariable String slug, @PathVariable UUID app, @RequestParam(defaultValue = "") String plan,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Developer developer = pages.developer(slug, request, model);
        String[] ids = plan.split(":");
        if (ids.length != 2) {
            return problem(developer, app, "plan", "Choose a product version and plan.", response, model);
        }
        try {
            registrations.request(developer.org(), developer.id(), app, UUID.fromString(ids[0]), UUID.fromString(ids[1]));
        } catch (IllegalArgumentException e) {
            return problem(developer, app, "plan", "Choose a product version and plan.", response, model);
        } catch (ConflictException e) {
            return problem(developer, app, "plan", e.getMessage(), response, model);
        }
        return "redirect:/portal/" + slug + "/apps/" + app;
    }

    @PostMapping("/{app}/registrations/{registration}/cancel")
    String cancel(@PathVariable String slug, @PathVariable UUID app, @PathVariable UUID registration, HttpServletRequest request,
            Model model) {
        Developer developer = pages.developer(slug, request, model);
        registrations.cancel(developer.org(), developer.id(), registration);
        return "redirect:/portal/" + slug + "/apps/" + app;
    }

    @PostMapping("/{app}/keys")
    String issue(@PathVariable String slug, @PathVariable UUID app, @RequestParam(required = false) Integer expiresInDays,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Developer developer = pages.developer(slug, request, model);
        Instant expiresAt = expiresInDays == null ? null : clock.instant().plus(Duration.ofDays(expiresInDays));
        try {
            return shown(credentials.issueKey(developer.org(), developer.id(), app, expiresAt), developer, app, response, model);
        } catch (InvalidInputException e) {
            return problem(developer, app, "expiresInDays", e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).message(),
                    response, model);
        } catch (ConflictException e) {
            return problem(developer, app, "expiresInDays", e.getMessage(), response, model);
        }
    }

    @PostMapping("/{app}/keys/{key}/rotate")
    String rotate(@PathVariable String slug, @PathVariable UUID app, @PathVariable UUID key,
            @RequestParam(defaultValue = "24") long overlapHours, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        Developer developer = pages.developer(slug, request, model);
        try {
            return shown(credentials.rotate(developer.org(), developer.id(), key, Duration.ofHours(overlapHours), null), developer,
                    app, response, model);
        } catch (InvalidInputException e) {
            return problem(developer, app, "overlapHours", "The overlap " + e.violations().get(0).message() + ".", response, model);
        } catch (ConflictException e) {
            return problem(developer, app, "overlapHours", e.getMessage(), response, model);
        }
    }

    @PostMapping("/{app}/keys/{key}/revoke")
    String revoke(@PathVariable String slug, @PathVariable UUID app, @PathVariable UUID key, HttpServletRequest request,
            Model model) {
        Developer developer = pages.developer(slug, request, model);
        credentials.revoke(developer.org(), developer.id(), key);
        return "redirect:/portal/" + slug + "/apps/" + app;
    }

    @PostMapping("/{app}/clients")
    String issueClient(@PathVariable String slug, @PathVariable UUID app, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Developer developer = pages.developer(slug, request, model);
        try {
            return shown(credentials.issueClient(developer.org(), developer.id(), app), developer, app, response, model);
        } catch (ConflictException e) {
            return problem(developer, app, "client", e.getMessage(), response, model);
        }
    }

    @PostMapping("/{app}/clients/{client}/rotate")
    String rotateClientSecret(@PathVariable String slug, @PathVariable UUID app, @PathVariable UUID client,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Developer developer = pages.developer(slug, request, model);
        try {
            return shown(credentials.rotateSecret(developer.org(), developer.id(), client), developer, app, response, model);
        } catch (ConflictException e) {
            return problem(developer, app, "client", e.getMessage(), response, model);
        }
    }

    @PostMapping("/{app}/clients/{client}/revoke")
    String revokeClient(@PathVariable String slug, @PathVariable UUID app, @PathVariable UUID client,
            HttpServletRequest request, Model model) {
        Developer developer = pages.developer(slug, request, model);
        credentials.revoke(developer.org(), developer.id(), client);
        return "redirect:/portal/" + slug + "/apps/" + app;
    }

    @PostMapping("/{app}/delete")
    String delete(@PathVariable String slug, @PathVariable UUID app, HttpServletRequest request, Model model) {
        Developer developer = pages.developer(slug, request, model);
        applications.delete(developer.org(), developer.id(), app);
        return "redirect:/portal/" + slug + "/apps";
    }

    private String shown(IssuedCredential issued, Developer developer, UUID app, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("issued", issued);
        return page(developer, app, model);
    }

    private String problem(Developer developer, UUID app, String field, String message, HttpServletResponse response, Model model) {
        response.setStatus(message.contains("already") ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("problem", message);
        model.addAttribute("problemField", field);
        return page(developer, app, model);
    }

    private String page(Developer developer, UUID appId, Model model) {
        Portal portal = pages.portal(model);
        Application app = applications.get(developer.org(), developer.id(), appId);
        model.addAttribute("app", app);
        model.addAttribute("registrations", registrations.forApplication(developer.org(), developer.id(), appId));
        List<Credential> all = credentials.list(developer.org(), developer.id(), appId);
        model.addAttribute("keys", all.stream().filter(c -> c.kind() == CredentialKind.API_KEY).toList());
        model.addAttribute("clients", all.stream().filter(c -> c.kind() == CredentialKind.OAUTH2_CLIENT).toList());
        model.addAttribute("tokenUrl", tokenUrl);
        model.addAttribute("activeClient", all.stream()
                .filter(c -> c.kind() == CredentialKind.OAUTH2_CLIENT && c.active(clock.instant())).findFirst().orElse(null));
        model.addAttribute("now", clock.instant());
        model.addAttribute("choices", choices(portal));
        return "portal/app";
    }

    /** Every plan of every published version (deprecated ones take no new registrations). */
    private List<PlanChoice> choices(Portal portal) {
        List<PlanChoice> choices = new ArrayList<>();
        for (CatalogEntry entry : catalog.search(portal.org(), null)) {
            for (ProductVersion version : entry.versions()) {
                if (version.status() != VersionStatus.PUBLISHED) {
                    continue;
                }
                for (AccessPlan plan : catalog.plans(portal.org(), version.id())) {
                    String limit = plan.rateLimitPerMinute() == null ? "" : ", " + plan.rateLimitPerMinute() + " requests/minute";
                    String approval = plan.approval().name().equals("MANUAL") ? ", needs approval" : "";
                    String auth = plan.auth() == PlanAuth.OAUTH2_CLIENT_CREDENTIALS ? ", OAuth2 client credentials" : "";
                    choices.add(new PlanChoice(version.id() + ":" + plan.id(),
                            entry.product().name() + " " + version.name() + " — " + plan.name() + auth + limit + approval));
                }
            }
        }
        return choices;
    }
}
