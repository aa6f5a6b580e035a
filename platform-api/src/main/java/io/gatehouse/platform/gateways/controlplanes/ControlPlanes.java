package io.gatehouse.platform.gateways.controlplanes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.errors.PreconditionFailedException;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, finds, edits and deletes the control planes of the current organization. A control plane is
 * addressed by id or by name; one of another organization is not found (row-level security hides it).
 */
@Service
public class ControlPlanes {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_LABELS = 50;
    static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    static final int MAX_LABEL_VALUE = 63;

    private static final String COLUMNS = "id, org_id, name, description, labels, revision, created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ControlPlanes(JdbcClient jdbc, JsonMapper json, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ControlPlane create(ControlPlaneDraft draft) {
        OrgId org = TenantContext.requireOrg();
        validate(draft, true);
        Instant now = clock.instant();
        ControlPlane created = new ControlPlane(UUID.randomUUID(), org, draft.name().strip(), draft.description(),
                draft.labels(), 0, now, now, 0);
        try {
            jdbc.sql("insert into gw_control_plane (" + COLUMNS + ") values (:id, :org, :name, :description,"
                    + " cast(:labels as jsonb), 0, :at, :at, 0)")
                    .param("id", created.id()).param("org", org.value()).param("name", created.name())
                    .param("description", created.description()).param("labels", json.writeValueAsString(created.labels()))
                    .param("at", Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw duplicateName(created.name());
        }
        audit.recordChange("create", "control_plane", created.id(), Map.of(), snapshot(created));
        return created;
    }

    @Transactional(readOnly = true)
    public List<ControlPlane> list() {
        return jdbc.sql("select " + COLUMNS + " from gw_control_plane where org_id = :org order by name")
                .param("org", TenantContext.requireOrg().value())
                .query(this::map)
                .list();
    }

    /** The control plane with this id or name in the current organization. */
    @Transactional(readOnly = true)
    public ControlPlane get(String idOrName) {
        OrgId org = TenantContext.requireOrg();
        UUID id = uuidOrNull(idOrName);
        return jdbc.sql("select " + COLUMNS + " from gw_control_plane where org_id = :org and "
                + (id != null ? "id = :key" : "name = :key"))
                .param("org", org.value()).param("key", id != null ? id : idOrName)
                .query(this::map)
                .optional()
                .orElseThrow(() -> new NotFoundException("control plane", idOrName));
    }

    /**
     * The control plane with this id among those the current scope sees: the caller's organization, or all of
     * them in the platform scope (config sync, scheduled jobs).
     */
    @Transactional(readOnly = true)
    public ControlPlane getById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from gw_control_plane where id = :id")
                .param("id", id)
                .query(this::map)
                .optional()
                .orElseThrow(() -> new NotFoundException("control plane", id));
    }

    /**
     * Changes a control plane; {@code patch} leaves {@code null} fields as they are, otherwise all fields are
     * replaced. {@code expectedVersion}, when given (from {@code If-Match}), must be the current version.
     */
    @Transactional
    public ControlPlane update(String idOrName, ControlPlaneDraft draft, boolean patch, Long expectedVersion) {
        ControlPlane current = get(idOrName);
        checkVersion(current, expectedVersion);
        ControlPlaneDraft merged = patch
                ? new ControlPlaneDraft(draft.name() != null ? draft.name() : current.name(),
                        draft.description() != null ? draft.description() : current.description(),
                        draft.labels() != null ? draft.labels() : current.labels())
                : draft;
        validate(merged, true);
        Instant now = clock.instant();
        ControlPlane updated = new ControlPlane(current.id(), current.org(), merged.name().strip(),
                merged.description(), merged.labels(), current.revision(), current.createdAt(), now,
                current.version() + 1);
        int rows;
        try {
            rows = jdbc.sql("update gw_control_plane set name = :name, description = :description,"
                    + " labels = cast(:labels as jsonb), updated_at = :at, version = version + 1"
                    + " where id = :id and version = :version")
                    .param("name", updated.name()).param("description", updated.description())
                    .param("labels", json.writeValueAsString(updated.labels())).param("at", Timestamp.from(now))
                    .param("id", current.id()).param("version", current.version())
                    .update();
        } catch (DuplicateKeyException e) {
            throw duplicateName(updated.name());
        }
        if (rows == 0) {
            throw new PreconditionFailedException("The control plane was changed by someone else; reload it and try again.");
        }
        audit.recordChange("update", "control_plane", current.id(), snapshot(current), snapshot(updated));
        return updated;
    }

    /**
     * Deletes a control plane with all its entities, change log, gateway tokens and nodes, and publishes
     * {@link ControlPlaneDeleted} so that its connected gateways are closed after commit.
     */
    @Transactional
    public void delete(String idOrName, Long expectedVersion) {
        ControlPlane current = get(idOrName);
        checkVersion(current, expectedVersion);
        jdbc.sql("delete from gw_control_plane where id = :id").param("id", current.id()).update();
        audit.recordChange("delete", "control_plane", current.id(), snapshot(current), Map.of());
        events.publishEvent(new ControlPlaneDeleted(current.org(), current.id()));
    }

    private static void checkVersion(ControlPlane current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new PreconditionFailedException("The control plane is at version " + current.version()
                    + ", not " + expectedVersion + "; reload it and try again.");
        }
    }

    static void validate(ControlPlaneDraft draft, boolean nameRequired) {
        List<FieldViolation> violations = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank()) {
            if (nameRequired) {
                violations.add(new FieldViolation("name", "must not be blank"));
            }
        } else if (draft.name().strip().length() > MAX_NAME) {
            violations.add(new FieldViolation("name", "must be at most " + MAX_NAME + " characters"));
        } else if (draft.name().chars().anyMatch(Character::isISOControl)) {
            violations.add(new FieldViolation("name", "must not contain control characters"));
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            violations.add(new FieldViolation("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        Map<String, String> labels = draft.labels() == null ? Map.of() : draft.labels();
        if (labels.size() > MAX_LABELS) {
            violations.add(new FieldViolation("labels", "must have at most " + MAX_LABELS + " labels"));
        }
        labels.forEach((key, value) -> {
            if (key == null || !LABEL_KEY.matcher(key).matches()) {
                violations.add(new FieldViolation("labels." + key,
                        "keys are 1-63 lowercase letters, digits, '.', '_' or '-', starting and ending with a letter or digit"));
            } else if (value == null || value.length() > MAX_LABEL_VALUE) {
                violations.add(new FieldViolation("labels." + key, "values are 0-" + MAX_LABEL_VALUE + " characters"));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException("A control plane named '" + name + "' already exists in this organization.");
    }

    static Map<String, Object> snapshot(ControlPlane plane) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("name", plane.name());
        snapshot.put("description", plane.description());
        snapshot.put("labels", plane.labels());
        return snapshot;
    }

    static UUID uuidOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private ControlPlane map(ResultSet rs, int row) throws SQLException {
        Map<String, String> labels = json.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() {
        });
        return new ControlPlane(rs.getObject("id", UUID.class), new OrgId(rs.getObject("org_id", UUID.class)),
                rs.getString("name"), rs.getString("description"), new LinkedHashMap<>(labels),
                rs.getLong("revision"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
