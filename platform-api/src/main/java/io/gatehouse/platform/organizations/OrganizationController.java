package io.gatehouse.platform.organizations;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.members.SignUps;
import io.gatehouse.platform.shared.web.ApiController;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code /api/v1/organizations}: the organizations the caller can see, and their settings. */
@ApiController("/api/v1/organizations")
class OrganizationController {

    record OrganizationView(UUID id, String slug, String name, Instant createdAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.getId(), o.getSlug(), o.getName(), o.getCreatedAt());
        }
    }

    record CreateOrganization(@NotBlank @Size(min = 2, max = 63) String slug, @NotBlank @Size(max = 200) String name) {
    }

    record UpdateOrganization(@Size(min = 2, max = 63) String slug,
            @Size(min = 1, max = 200) @jakarta.validation.constraints.Pattern(regexp = ".*\\S.*", message = "must not be blank") String name) {
    }

    private final Organizations organizations;
    private final SignUps signUps;
    private final CurrentCaller callers;

    OrganizationController(Organizations organizations, SignUps signUps, CurrentCaller callers) {
        this.organizations = organizations;
        this.signUps = signUps;
        this.callers = callers;
    }

    /** A token sees its own organization; a platform admin's client sees all. */
    @GetMapping
    List<OrganizationView> list() {
        Caller caller = callers.get();
        List<Organization> visible = caller.org() == null && caller.isPlatformAdmin()
                ? callers.asPlatformStaff(organizations::visible, PlatformRole.PLATFORM_ADMIN)
                : organizations.visible();
        return visible.stream().map(OrganizationView::of).toList();
    }

    @PostMapping
    ResponseEntity<OrganizationView> create(@Valid @RequestBody CreateOrganization request) {
        Organization created = signUps.found(callers.get(), request.slug(), request.name());
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + created.getSlug()))
                .body(OrganizationView.of(created));
    }

    @GetMapping("/{org}")
    OrganizationView get(@PathVariable String org) {
        return OrganizationView.of(organizations.get(callers.requireOrgRole(OrgRole.VIEWER).org()));
    }

    @PatchMapping("/{org}")
    OrganizationView update(@PathVariable String org, @Valid @RequestBody UpdateOrganization request) {
        Caller caller = callers.requireOrgRole(OrgRole.ADMIN);
        return OrganizationView.of(organizations.update(caller.org(), request.slug(),
                request.name() == null ? null : request.name().strip()));
    }

    @DeleteMapping("/{org}")
    ResponseEntity<Void> delete(@PathVariable String org) {
        organizations.delete(callers.requireOrgRole(OrgRole.ADMIN).org());
        return ResponseEntity.noContent().build();
    }
}
