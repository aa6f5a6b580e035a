package io.gatehouse.platform.portal.products;

import static io.gatehouse.platform.portal.products.ProductRows.PLAN;
import static io.gatehouse.platform.portal.products.ProductRows.PLAN_COLUMNS;
import static io.gatehouse.platform.portal.products.ProductRows.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * The access plans of product versions: how applications authenticate, whether registrations wait for an
 * admin, and an optional per-application rate limit. A version's plans share one kind of credential (409 otherwise);
 * adding a plan to a listed version re-guards its service ({@link ServiceGuard}). Audited; another organization's
 * plan is a 404.
 */
@Service
public class AccessPlans {

    /** The highest rate limit a plan may set, in requests per minute. */
    public static final int MAX_RATE_LIMIT = 1_000_000;

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final ApiProducts products;
    private final ServiceGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    AccessPlans(JdbcClient jdbc, PortalScopes scopes, ApiProducts products, ServiceGuard guard, AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.products = products;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** Adds a plan to a version; 400 for missing fields or a bad limit, 409 for a name used twice. */
    public AccessPlan add(OrgId org, UUID versionId, PlanDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().strip().length() > 100) {
            violations.add(new FieldViolation("name", "Give the plan a name of at most 100 characters."));
        }
        if (draft.auth() == null) {
            violations.add(new FieldViolation("auth", "must be key-auth or oauth2-client-credentials"));
        }
        if (draft.approval() == null) {
            violations.add(new FieldViolation("approval", "must be auto or manual"));
        }
        if (draft.rateLimitPerMinute() != null
                && (draft.rateLimitPerMinute() < 1 || draft.rateLimitPerMinute() > MAX_RATE_LIMIT)) {
            violations.add(new FieldViolation("rate_limit_per_minute", "must be between 1 and " + MAX_RATE_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        return scopes.in(org, () -> {
            ProductVersion version = products.version(versionId);
            if (version.status() == VersionStatus.RETIRED) {
                throw new ConflictException("Version '" + version.name() + "' is retired.");
            }
            List<String> kinds = jdbc.sql("select distinct auth from portal_plan where version_id = :v")
                    .param("v", versionId).query(String.class).list();
            if (!kinds.isEmpty() && !kinds.contains(draft.auth().wireName())) {
                throw new ConflictException("The plans of version '" + version.name() + "' use "
                        + PlanAuth.of(kinds.get(0)).wireName() + "; a version's plans share one kind of credential,"
                        + " because its gateway service checks one.");
            }
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            try {
                jdbc.sql("""
                        insert into portal_plan (id, org_id, version_id, name, description, auth, approval,
                            rate_limit_per_minute, created_at)
                        values (:id, :org, :version, :name, :description, :auth, :approval, :limit, :now)
                        """).param("id", id).param("org", org.value()).param("version", versionId)
                        .param("name", draft.name().strip()).param("description", ApiProducts.blankToNull(draft.description()))
                        .param("auth", draft.auth().wireName()).param("approval", draft.approval().wireName())
                        .param("limit", draft.rateLimitPerMinute()).param("now", timestamp(now)).update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException("The version already has a plan named '" + draft.name().strip() + "'.");
            }
            AccessPlan plan = new AccessPlan(id, versionId, draft.name().strip(),
                    ApiProducts.blankToNull(draft.description()), draft.auth(), draft.approval(),
                    draft.rateLimitPerMinute(), now);
            audit.recordChange("create", "api_plan", id, Map.of(), snapshot(plan));
            if (version.status().listed()) {
                guard.guard(version); // the first plan of a published version may change what its service checks
            }
            return plan;
        });
    }

    /** The plans of a version, by name. */
    public List<AccessPlan> list(OrgId org, UUID versionId) {
        return scopes.in(org, () -> {
            products.version(versionId);
            return jdbc.sql("select " + PLAN_COLUMNS + " from portal_plan where version_id = :v order by lower(name), id")
                    .param("v", versionId).query(PLAN).list();
        });
    }

    /** A plan by id. */
    public AccessPlan get(OrgId org, UUID planId) {
        return scopes.in(org, () -> find(planId));
    }

    /** Deletes a plan that no live (pending or approved) registration uses; 409 otherwise. */
    public void delete(OrgId org, UUID planId) {
        scopes.run(org, () -> {
            AccessPlan plan = find(planId);
            long live = jdbc.sql("select count(*) from portal_registration where plan_id = :p and status in ('pending', 'approved')")
                    .param("p", planId).query(Long.class).single();
            if (live > 0) {
                throw new ConflictException("The plan '" + plan.name() + "' has " + live
                        + " live registration(s); revoke them first.");
            }
            jdbc.sql("delete from portal_plan where id = :id").param("id", planId).update();
            audit.recordChange("delete", "api_plan", planId, snapshot(plan), Map.of());
        });
    }

    AccessPlan find(UUID planId) {
        return jdbc.sql("select " + PLAN_COLUMNS + " from portal_plan where id = :id").param("id", planId)
                .query(PLAN).optional().orElseThrow(() -> new NotFoundException("plan", planId));
    }

    private static Map<String, Object> snapshot(AccessPlan plan) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", plan.versionId().toString());
        map.put("name", plan.name());
        map.put("auth", plan.auth().wireName());
        map.put("approval", plan.approval().wireName());
        map.put("rate_limit_per_minute", plan.rateLimitPerMinute());
        return map;
    }
}
