package io.gatehouse.platform.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code /api/v1/control-planes/{cp}/gateway-tokens}: the tokens gateways of a control plane connect with. */
@ApiController("/api/v1/control-planes/{controlPlane}/gateway-tokens")
@Tag(name = "Gateway tokens", description = "Credentials gateways use to sync a control plane's config")
class GatewayTokenController {

    private final GatewayTokens tokens;
    private final ControlPlanes controlPlanes;
    private final CurrentCaller caller;

    GatewayTokenController(GatewayTokens tokens, ControlPlanes controlPlanes, CurrentCaller caller) {
        this.tokens = tokens;
        this.controlPlanes = controlPlanes;
        this.caller = caller;
    }

    record CreateTokenJson(String name) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenJson(UUID id, UUID controlPlaneId, String name, String displayPrefix, Instant createdAt, String createdBy,
            Instant lastUsedAt, Instant revokedAt, String token) {

        static TokenJson of(GatewayToken token, String secret) {
            return new TokenJson(token.id(), token.controlPlaneId(), token.name(), token.displayPrefix(), token.createdAt(),
                    token.createdBy(), token.lastUsedAt(), token.revokedAt(), secret);
        }
    }

    record TokenList(List<TokenJson> data) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a gateway token; the token is in this response only")
    TokenJson create(@PathVariable String controlPlane, @RequestBody(required = false) CreateTokenJson body) {
        caller.requireOrgRole(OrgRole.EDITOR);
        ControlPlane plane = controlPlanes.get(controlPlane);
        IssuedGatewayToken issued = tokens.create(plane, body == null ? null : body.name());
        return TokenJson.of(issued.details(), issued.token());
    }

    @GetMapping
    @Operation(summary = "List the gateway tokens of a control plane (never the tokens themselves)")
    TokenList list(@PathVariable String controlPlane) {
        caller.requireOrgRole(OrgRole.VIEWER);
        ControlPlane plane = controlPlanes.get(controlPlane);
        return new TokenList(tokens.list(plane).stream().map(token -> TokenJson.of(token, null)).toList());
    }

    @GetMapping("/{tokenId}")
    @Operation(summary = "Read a gateway token")
    TokenJson get(@PathVariable String controlPlane, @PathVariable UUID tokenId) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return TokenJson.of(tokens.get(controlPlanes.get(controlPlane), tokenId), null);
    }

    @DeleteMapping("/{tokenId}")
    @Operation(summary = "Revoke a gateway token; its connected gateways are disconnected within seconds")
    TokenJson revoke(@PathVariable String controlPlane, @PathVariable UUID tokenId) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return TokenJson.of(tokens.revoke(controlPlanes.get(controlPlane), tokenId), null);
    }
}
