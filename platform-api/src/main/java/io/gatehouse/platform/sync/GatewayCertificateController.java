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

import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code /api/v1/control-planes/{cp}/gateway-certificates}: client certificates pinned to a control plane, which
 * gateways may present on the sync listener instead of a gateway token.
 */
@ApiController("/api/v1/control-planes/{controlPlane}/gateway-certificates")
@Tag(name = "Gateway certificates", description = "Client certificates gateways may authenticate with instead of a token")
class GatewayCertificateController {

    private final GatewayCertificates certificates;
    private final ControlPlanes controlPlanes;
    private final CurrentCaller caller;

    GatewayCertificateController(GatewayCertificates certificates, ControlPlanes controlPlanes, CurrentCaller caller) {
        this.certificates = certificates;
        this.controlPlanes = controlPlanes;
        this.caller = caller;
    }

    record AddCertificateJson(String name, String certificate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CertificateJson(UUID id, UUID controlPlaneId, String name, String fingerprintSha256, String subject,
            Instant notAfter, Instant createdAt, String createdBy, Instant lastUsedAt) {

        static CertificateJson of(GatewayCertificate certificate) {
            return new CertificateJson(certificate.id(), certificate.controlPlaneId(), certificate.name(),
                    certificate.fingerprint(), certificate.subject(), certificate.notAfter(), certificate.createdAt(),
                    certificate.createdBy(), certificate.lastUsedAt());
        }
    }

    record CertificateList(List<CertificateJson> data) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Pin a client certificate (PEM) to the control plane")
    CertificateJson add(@PathVariable String controlPlane, @RequestBody(required = false) AddCertificateJson body) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return CertificateJson.of(certificates.add(controlPlanes.get(controlPlane), body == null ? null : body.name(),
                body == null ? null : body.certificate()));
    }

    @GetMapping
    @Operation(summary = "List the client certificates pinned to a control plane")
    CertificateList list(@PathVariable String controlPlane) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return new CertificateList(certificates.list(controlPlanes.get(controlPlane)).stream().map(CertificateJson::of)
                .toList());
    }

    @GetMapping("/{certificateId}")
    @Operation(summary = "Read a pinned client certificate")
    CertificateJson get(@PathVariable String controlPlane, @PathVariable UUID certificateId) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return CertificateJson.of(certificates.get(controlPlanes.get(controlPlane), certificateId));
    }

    @DeleteMapping("/{certificateId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unpin a client certificate; gateways connected with it are disconnected within seconds")
    void remove(@PathVariable String controlPlane, @PathVariable UUID certificateId) {
        caller.requireOrgRole(OrgRole.EDITOR);
        certificates.remove(controlPlanes.get(controlPlane), certificateId);
    }
}
