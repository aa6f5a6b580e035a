package io.gatehouse.platform.portal.settings;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code /api/v1/organizations/{org}/portal/settings}: the developer portal's look and access. */
@ApiController("/api/v1/organizations/{org}/portal/settings")
@Tag(name = "Developer portal", description = "Portal settings, developers, applications and registrations")
class PortalSettingsController {

    private final Portals portals;
    private final CurrentCaller caller;

    PortalSettingsController(Portals portals, CurrentCaller caller) {
        this.portals = portals;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SettingsJson(Boolean publicPortal, String displayName, String logoUrl, String primaryColor,
            String accentColor, Boolean developerAutoApprove, String customHost, Instant updatedAt) {

        static SettingsJson of(PortalSettings settings) {
            return new SettingsJson(settings.publicPortal(), settings.displayName(), settings.logoUrl(),
                    settings.primaryColor(), settings.accentColor(), settings.developerAutoApprove(),
                    settings.customHost(), settings.updatedAt());
        }
    }

    @GetMapping
    @Operation(summary = "Read the portal settings")
    SettingsJson get(@PathVariable String org) {
        return SettingsJson.of(portals.settings(caller.requireOrgRole(OrgRole.VIEWER).org()));
    }

    @PutMapping
    @Operation(summary = "Replace the portal settings (visibility, name, logo, colours, developer approval, host)")
    SettingsJson put(@PathVariable String org, @RequestBody SettingsJson body) {
        var orgId = caller.requireOrgRole(OrgRole.ADMIN).org();
        return SettingsJson.of(portals.update(orgId, new PortalSettings(
                body.publicPortal() == null || body.publicPortal(), body.displayName(), body.logoUrl(),
                body.primaryColor(), body.accentColor(),
                body.developerAutoApprove() == null || body.developerAutoApprove(), body.customHost(), null)));
    }
}
