package io.gatehouse.platform.sso;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/organizations/{org}/sso}: the organization's OpenID Connect provider (admins only). */
@ApiController("/api/v1/organizations/{org}/sso")
class SsoController {

    /** {@code clientSecret} may be left out to keep the stored one. */
    record PutSso(@NotBlank @Size(max = 500) String issuer, @NotBlank @Size(max = 200) String clientId,
            @Size(max = 500) String clientSecret, @NotNull Boolean enabled) {
    }

    private final SingleSignOn sso;
    private final CurrentCaller callers;

    SsoController(SingleSignOn sso, CurrentCaller callers) {
        this.sso = sso;
        this.callers = callers;
    }

    @GetMapping
    SsoSettings get(@PathVariable String org) {
        return sso.get(callers.requireOrgRole(OrgRole.ADMIN).org());
    }

    @PutMapping
    SsoSettings put(@PathVariable String org, @Valid @RequestBody PutSso request) {
        return sso.put(callers.requireOrgRole(OrgRole.ADMIN).org(), request.issuer(), request.clientId(),
                request.clientSecret(), request.enabled());
    }
}
