package io.gatehouse.platform.gateways.controlplanes;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gatehouse.platform.gateways.web.ETags;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code /api/v1/control-planes}: the control planes of the caller's organization. */
@ApiController("/api/v1/control-planes")
@Tag(name = "Control planes", description = "Gateway configurations of the caller's organization")
class ControlPlaneController {

    private final ControlPlanes controlPlanes;
    private final CurrentCaller caller;

    ControlPlaneController(ControlPlanes controlPlanes, CurrentCaller caller) {
        this.controlPlanes = controlPlanes;
        this.caller = caller;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ControlPlaneJson(UUID id, String name, String description, Map<String, String> labels, Long revision,
            Long createdAt, Long updatedAt) {

        static ControlPlaneJson of(ControlPlane plane) {
            return new ControlPlaneJson(plane.id(), plane.name(), plane.description(), plane.labels(), plane.revision(),
                    plane.createdAt().getEpochSecond(), plane.updatedAt().getEpochSecond());
        }

        ControlPlaneDraft draft() {
            return new ControlPlaneDraft(name, description, labels);
        }
    }

    record ControlPlaneList(List<ControlPlaneJson> data, String next) {
    }

    @GetMapping
    @Operation(summary = "List the control planes of the organization")
    ControlPlaneList list() {
        caller.requireOrgRole(OrgRole.VIEWER);
        return new ControlPlaneList(controlPlanes.list().stream().map(ControlPlaneJson::of).toList(), null);
    }

    @PostMapping
    @Operation(summary = "Create a control plane")
    ResponseEntity<ControlPlaneJson> create(@RequestBody ControlPlaneJson body) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return respond(HttpStatus.CREATED, controlPlanes.create(body.draft()));
    }

    @GetMapping("/{controlPlane}")
    @Operation(summary = "Read a control plane by id or name")
    ResponseEntity<ControlPlaneJson> get(@PathVariable String controlPlane) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return respond(HttpStatus.OK, controlPlanes.get(controlPlane));
    }

    @PutMapping("/{controlPlane}")
    @Operation(summary = "Replace a control plane's name, description and labels")
    ResponseEntity<ControlPlaneJson> replace(@PathVariable String controlPlane, @RequestBody ControlPlaneJson body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return respond(HttpStatus.OK, controlPlanes.update(controlPlane, body.draft(), false,
                ETags.expectedVersion(ifMatch)));
    }

    @PatchMapping("/{controlPlane}")
    @Operation(summary = "Change some fields of a control plane")
    ResponseEntity<ControlPlaneJson> patch(@PathVariable String controlPlane, @RequestBody ControlPlaneJson body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return respond(HttpStatus.OK, controlPlanes.update(controlPlane, body.draft(), true,
                ETags.expectedVersion(ifMatch)));
    }

    @DeleteMapping("/{controlPlane}")
    @Operation(summary = "Delete a control plane with all its entities")
    ResponseEntity<Void> delete(@PathVariable String controlPlane,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        controlPlanes.delete(controlPlane, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ControlPlaneJson> respond(HttpStatus status, ControlPlane plane) {
        return ResponseEntity.status(status).eTag(ETags.of(plane.version())).body(ControlPlaneJson.of(plane));
    }
}
