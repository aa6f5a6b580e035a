package io.gatehouse.platform.portal.apps;

import static io.gatehouse.platform.portal.apps.AppRows.APP;
import static io.gatehouse.platform.portal.apps.AppRows.APP_COLUMNS;
import static io.gatehouse.platform.portal.apps.AppRows.timestamp;

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
import io.gatehouse.platform.oauth.ApplicationClients;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.Developers;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.OrgId;

/**
 * Developers' applications. The developer-facing methods take the developer's id and treat anyone else's
 * application as a 404; {@link #all} and {@link #get(OrgId, UUID)} are the console's view of every
 * application of the portal. Writes are audited (as the developer for self-service).
 */
@Service
public class Applications {

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final AppRows rows;
    private final Developers developers;
    private final ConsumerProvisioning provisioning;
    private final ApplicationClients clients;
    private final AuditLog audit;
    private final Clock clock;

    Applications(JdbcClient jdbc, PortalScopes scopes, AppRows rows, Developers developers,
            ConsumerProvisioning provisioning, ApplicationClients clients, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.rows = rows;
        this.developers = developers;
        this.provisioning = provisioning;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an application of an active developer; 409 "You already have an application named …". */
    public Application create(OrgId org, UUID developerId, ApplicationDraft draft) {
        check(draft);
        return scopes.in(org, () -> {
            Developer developer = activeDeveloper(org, developerId);
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            String name = draft.name().strip();
            try {
                jdbc.sql("""
                        insert into portal_application (id, org_id, developer_id, name, description, created_at, updated_at)
                        values (:id, :org, :developer, :name, :description, :now, :now)
                        """).param("id", id).param("org", org.value()).param("developer", developerId).param("name", name)
                        .param("description", blankToNull(draft.description())).param("now", timestamp(now)).update();
            } catch (DuplicateKeyException e) {
                throw duplicate(name);
            }
            Application app = new Application(id, developerId, name, blankToNull(draft.description()), now, now);
            audit.record(org, developer.actor(), "create", "portal_application", id, snapshot(app));
            return app;
        });
    }

    /** Renames or re-describes one of the developer's applications. */
    public Application update(OrgId org, UUID developerId, UUID applicationId, ApplicationDraft draft) {
        check(draft);
        return scopes.in(org, () -> {
            Developer developer = activeDeveloper(org, developerId);
            Application before = rows.owned(developerId, applicationId);
            Instant now = clock.instant();
            String name = draft.name().strip();
            try {
                jdbc.sql("update portal_application set name = :name, description = :description, updated_at = :now where id = :id")
                        .param("name", name).param("description", blankToNull(draft.description()))
                        .param("now", timestamp(now)).param("id", applicationId).update();
            } catch (DuplicateKeyException e) {
                throw duplicate(name);
            }
            Application after = new Application(applicationId, developerId, name, blankToNull(draft.description()),
                    before.createdAt(), now);
            audit.record(org, developer.actor(), "update", "portal_application", applicationId,
                    AuditLog.diff(snapshot(before), snapshot(after)));
            return after;
        });
    }

    /** Deletes one of the developer's applications with its registrations and credentials (gone from the gateways too). */
    public void delete(OrgId org, UUID developerId, UUID applicationId) {
        scopes.run(org, () -> {
            Developer developer = developers.get(org, developerId);
            Application app = rows.owned(developerId, applicationId);
            // The authorization server's clients go with the application (its credential rows cascade).
            jdbc.sql("select client_id from portal_credential where application_id = :id and client_id is not null")
                    .param("id", applicationId).query(String.class).list().forEach(clients::remove);
            jdbc.sql("delete from portal_application where id = :id").param("id", applicationId).update();
            provisioning.reconcile(org, applicationId);
            audit.record(org, developer.actor(), "delete", "portal_application", applicationId, snapshot(app));
        });
    }

    /** The developer's applications by name. */
    public List<Application> list(OrgId org, UUID developerId) {
        return scopes.in(org, () -> jdbc.sql("select " + APP_COLUMNS + " from portal_application where developer_id = :d"
                + " order by lower(name), id").param("d", developerId).query(APP).list());
    }

    /** One of the developer's applications; 404 for anyone else's. */
    public Application get(OrgId org, UUID developerId, UUID applicationId) {
        return scopes.in(org, () -> rows.owned(developerId, applicationId));
    }

    /** Console: every application of the portal, newest first. */
    public List<Application> all(OrgId org) {
        return scopes.in(org, () -> jdbc.sql("select " + APP_COLUMNS + " from portal_application order by created_at desc, id")
                .query(APP).list());
    }

    /** Console: any application of the portal. */
    public Application get(OrgId org, UUID applicationId) {
        return scopes.in(org, () -> rows.any(applicationId));
    }

    Developer activeDeveloper(OrgId org, UUID developerId) {
        Developer developer = developers.get(org, developerId);
        if (!developer.active()) {
            throw new ForbiddenException("Your developer account is " + developer.status().wireName() + ".");
        }
        return developer;
    }

    private static void check(ApplicationDraft draft) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().strip().length() > 100) {
            violations.add(new FieldViolation("name", "Give the application a name of at most 100 characters."));
        }
        if (draft.description() != null && draft.description().length() > 2000) {
            violations.add(new FieldViolation("description", "At most 2000 characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
    }

    private static ConflictException duplicate(String name) {
        return new ConflictException("You already have an application named '" + name + "'; choose another name.");
    }

    private static Map<String, Object> snapshot(Application app) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", app.name());
        map.put("description", app.description());
        map.put("developer", app.developerId().toString());
        return map;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
