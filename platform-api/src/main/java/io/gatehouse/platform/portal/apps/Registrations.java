package io.gatehouse.platform.portal.apps;

import static io.gatehouse.platform.portal.apps.AppRows.REGISTRATION;
import static io.gatehouse.platform.portal.apps.AppRows.REGISTRATION_SELECT;
import static io.gatehouse.platform.portal.apps.AppRows.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.portal.PortalMail;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.portal.products.AccessPlan;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiCatalog;
import io.gatehouse.platform.portal.products.Approval;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.products.VersionStatus;
import io.gatehouse.platform.portal.settings.Portals;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Registrations: an application's request for access to a product version under one of its plans. On an
 * auto-approval plan it is approved at once; on a manual plan it waits ({@code pending}) until an admin
 * approves or rejects it with a reason. Approved registrations reach the gateways through
 * {@link ConsumerProvisioning}; revoking one removes the application's ACL group there, so its calls get 403
 * within seconds. Decisions are audited and mailed to the developer.
 */
@Service
public class Registrations {

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final AppRows rows;
    private final Applications applications;
    private final Developers developers;
    private final ApiCatalog catalog;
    private final AccessPlans plans;
    private final ConsumerProvisioning provisioning;
    private final PortalMail mail;
    private final Portals portals;
    private final Organizations organizations;
    private final AuditLog audit;
    private final Clock clock;

    Registrations(JdbcClient jdbc, PortalScopes scopes, AppRows rows, Applications applications, Developers developers,
            ApiCatalog catalog, AccessPlans plans, ConsumerProvisioning provisioning, PortalMail mail, Portals portals,
            Organizations organizations, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.rows = rows;
        this.applications = applications;
        this.developers = developers;
        this.catalog = catalog;
        this.plans = plans;
        this.provisioning = provisioning;
        this.mail = mail;
        this.portals = portals;
        this.organizations = organizations;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- developer side ----------------------------------------------------------------------------------

    /**
     * Requests access for one of the developer's applications to a published version under one of its plans:
     * approved at once on an auto plan, pending on a manual one. 404 for an unknown (draft, retired, another
     * org's) version or a plan of another version; 409 when the version is deprecated or the application already
     * has a pending or approved registration for it.
     */
    public Registration request(OrgId org, UUID developerId, UUID applicationId, UUID versionId, UUID planId) {
        if (versionId == null || planId == null) {
            throw InvalidInputException.field(versionId == null ? "version" : "plan", "is required");
        }
        return scopes.in(org, () -> {
            Developer developer = applications.activeDeveloper(org, developerId);
            rows.owned(developerId, applicationId);
            ProductVersion version = catalog.version(org, versionId);
            if (version.status() == VersionStatus.DEPRECATED) {
                throw new ConflictException("Version '" + version.name() + "' is deprecated"
                        + (version.sunsetAt() == null ? "" : " (sunset " + version.sunsetAt() + ")")
                        + " and takes no new registrations.");
            }
            AccessPlan plan = plans.get(org, planId);
            if (!plan.versionId().equals(versionId)) {
                throw new NotFoundException("plan", planId);
            }
            boolean auto = plan.approval() == Approval.AUTO;
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            try {
                jdbc.sql("""
                        insert into portal_registration (id, org_id, application_id, version_id, plan_id, status,
                            requested_at, decided_at, decided_by)
                        values (:id, :org, :app, :version, :plan, :status, :now, :decided, :by)
                        """).param("id", id).param("org", org.value()).param("app", applicationId).param("version", versionId)
                        .param("plan", planId).param("status", auto ? "approved" : "pending").param("now", timestamp(now))
                        .param("decided", auto ? timestamp(now) : null).param("by", auto ? "auto" : null).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("This application already has access to, or a pending request for, version '"
                        + version.name() + "'.");
            }
            audit.record(org, developer.actor(), "registration.requested", "portal_registration", id,
                    Map.of("application", applicationId.toString(), "version", versionId.toString(),
                            "plan", planId.toString(), "status", auto ? "approved" : "pending"));
            if (auto) {
                provisioning.reconcile(org, applicationId);
            }
            return rows.registration(id);
        });
    }

    /** The registrations of one of the developer's applications, newest first. */
    public List<Registration> forApplication(OrgId org, UUID developerId, UUID applicationId) {
        return scopes.in(org, () -> {
            rows.owned(developerId, applicationId);
            return rows.registrations(applicationId);
        });
    }

    /** The developer withdraws a pending request or gives up an approved registration. */
    public Registration cancel(OrgId org, UUID developerId, UUID registrationId) {
        return scopes.in(org, () -> {
            Developer developer = developers.get(org, developerId);
            Registration registration = rows.registration(registrationId);
            if (!registration.developerId().equals(developerId)) {
                throw new NotFoundException("registration", registrationId);
            }
            return decide(org, registration, RegistrationStatus.REVOKED, "Cancelled by the developer.",
                    developer.actor(), false);
        });
    }

    // ---- console side ------------------------------------------------------------------------------------

    /** The portal's registrations, newest first, optionally only those with a status (e.g. pending). */
    public List<Registration> list(OrgId org, RegistrationStatus status) {
        return scopes.in(org, () -> jdbc.sql(REGISTRATION_SELECT + (status == null ? "" : " where r.status = :status")
                + " order by r.requested_at desc, r.id")
                .params(status == null ? Map.of() : Map.of("status", status.wireName())).query(REGISTRATION).list());
    }

    /** Any registration of the portal. */
    public Registration get(OrgId org, UUID registrationId) {
        return scopes.in(org, () -> rows.registration(registrationId));
    }

    /** Console: an application's registrations. */
    public List<Registration> forApplication(OrgId org, UUID applicationId) {
        return scopes.in(org, () -> {
            rows.any(applicationId);
            return rows.registrations(applicationId);
        });
    }

    /** Approves a pending registration: the application's credentials work on the version's service at once. */
    public Registration approve(OrgId org, UUID registrationId) {
        return scopes.in(org, () -> decide(org, rows.registration(registrationId), RegistrationStatus.APPROVED, null,
                AuditLog.currentActor(), true));
    }

    /** Rejects a pending registration; the reason is mailed to the developer. */
    public Registration reject(OrgId org, UUID registrationId, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 2000) {
            throw InvalidInputException.field("reason", "Say why (at most 2000 characters); the developer reads it.");
        }
        return scopes.in(org, () -> decide(org, rows.registration(registrationId), RegistrationStatus.REJECTED, why,
                AuditLog.currentActor(), true));
    }

    /** Revokes a pending or approved registration: the application's calls to the version get 403 within seconds. */
    public Registration revoke(OrgId org, UUID registrationId, String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        return scopes.in(org, () -> decide(org, rows.registration(registrationId), RegistrationStatus.REVOKED, why,
                AuditLog.currentActor(), true));
    }

    private Registration decide(OrgId org, Registration registration, RegistrationStatus to, String reason, Actor actor,
            boolean notify) {
        RegistrationStatus from = registration.status();
        boolean allowed = switch (to) {
            case APPROVED, REJECTED -> from == RegistrationStatus.PENDING;
            case REVOKED -> from == RegistrationStatus.PENDING || from == RegistrationStatus.APPROVED;
            case PENDING -> false;
        };
        if (!allowed) {
            throw new ConflictException("A " + from.wireName() + " registration cannot be " + to.wireName() + ".");
        }
        Instant now = clock.instant();
        jdbc.sql("update portal_registration set status = :status, reason = :reason, decided_at = :now, decided_by = :by"
                + " where id = :id").param("status", to.wireName()).param("reason", reason).param("now", timestamp(now))
                .param("by", actor.name()).param("id", registration.id()).update();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", from.wireName(), "to", to.wireName()));
        if (reason != null) {
            changes.put("reason", reason);
        }
        audit.record(org, actor, "registration." + to.wireName(), "portal_registration", registration.id(), changes);
        provisioning.reconcile(org, registration.applicationId());
        if (notify) {
            Developer developer = developers.get(org, registration.developerId());
            String title = portals.get(org).title();
            String what = registration.productName() + " " + registration.versionName();
            String subject = switch (to) {
                case APPROVED -> "Access to " + what + " approved";
                case REJECTED -> "Access to " + what + " not approved";
                default -> "Access to " + what + " revoked";
            };
            mail.send(developer.email(), subject + " (" + title + ")",
                    "Your application '" + registration.applicationName() + "' "
                            + switch (to) {
                                case APPROVED -> "may now call " + what + " with its credentials.";
                                case REJECTED -> "was not given access to " + what + ".";
                                default -> "no longer has access to " + what + ".";
                            }
                            + (reason == null ? "" : "\n\nReason: " + reason)
                            + "\n\n" + mail.portalLink(organizations.get(org).getSlug(), "/apps/" + registration.applicationId())
                            + "\n");
        }
        return rows.registration(registration.id());
    }
}
