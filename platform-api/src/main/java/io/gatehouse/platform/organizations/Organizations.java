package io.gatehouse.platform.organizations;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantContext;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * Creates, finds, renames and deletes organizations. Reads go through row-level security, so a caller
 * only ever finds organizations of its own scope; anything else is a {@link NotFoundException}.
 */
@Service
public class Organizations {

    private final OrganizationRepository organizations;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final Clock clock;

    Organizations(OrganizationRepository organizations, TenantScopes scopes, AuditLog audit, Clock clock) {
        this.organizations = organizations;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an organization; the caller then adds its first admin in the same transaction. */
    @Transactional
    public Organization create(String slug, String name) {
        if (!Slugs.isValid(slug)) {
            throw InvalidInputException.field("slug", Slugs.RULE);
        }
        if (scopes.call(TenantScope.platform(), () -> organizations.existsBySlug(slug))) {
            throw new ConflictException("The slug '" + slug + "' is taken; choose another one.");
        }
        OrgId id = OrgId.random();
        Organization organization = new Organization(id, slug, name, clock.instant());
        return scopes.call(TenantContext.current().withOrg(id), () -> {
            organizations.saveAndFlush(organization);
            audit.record("create", "organization", id, organization.snapshot());
            return organization;
        });
    }

    @Transactional(readOnly = true)
    public Organization get(OrgId id) {
        return organizations.findById(id.value()).orElseThrow(() -> new NotFoundException("organization", id));
    }

    /** Finds an organization by slug or id among those visible in the current scope. */
    @Transactional(readOnly = true)
    public Optional<Organization> find(String slugOrId) {
        Optional<Organization> bySlug = organizations.findBySlug(slugOrId);
        if (bySlug.isPresent()) {
            return bySlug;
        }
        try {
            return organizations.findById(OrgId.of(slugOrId).value());
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    /** Finds an organization by slug across all tenants, e.g. for a public portal address. */
    @Transactional(readOnly = true)
    public Optional<Organization> findPublicBySlug(String slug) {
        return scopes.call(TenantScope.platform(), () -> organizations.findBySlug(slug));
    }

    /** The organizations visible in the current scope: for a user, those they are a member of. */
    @Transactional(readOnly = true)
    public List<Organization> visible() {
        return organizations.findAll(Sort.by("name"));
    }

    @Transactional
    public Organization update(OrgId id, String newSlug, String newName) {
        Organization organization = get(id);
        var before = organization.snapshot();
        if (newSlug != null && !newSlug.equals(organization.getSlug())) {
            if (!Slugs.isValid(newSlug)) {
                throw InvalidInputException.field("slug", Slugs.RULE);
            }
            if (scopes.call(TenantScope.platform(), () -> organizations.existsBySlug(newSlug))) {
                throw new ConflictException("The slug '" + newSlug + "' is taken; choose another one.");
            }
            organization.changeSlug(newSlug);
        }
        if (newName != null) {
            organization.rename(newName);
        }
        organizations.flush();
        audit.recordChange("update", "organization", id, before, organization.snapshot());
        return organization;
    }

    @Transactional
    public void delete(OrgId id) {
        Organization organization = get(id);
        organizations.delete(organization);
        organizations.flush();
        // The organization's own audit trail goes with it, so its deletion is recorded at platform level.
        scopes.run(TenantScope.platform(), () -> audit.record(null, AuditLog.currentActor(), "delete",
                "organization", id, organization.snapshot()));
    }
}
