package io.gatehouse.platform.portal.apps;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.shared.errors.NotFoundException;

/** The portal's application, registration and credential rows: the reads the apps facades share. */
@Component
class AppRows {

    static final String APP_COLUMNS = "id, developer_id, name, description, created_at, updated_at";
    static final String CREDENTIAL_COLUMNS = "id, application_id, kind, display_prefix, client_id, created_at, expires_at,"
            + " revoked_at, replaced_by";
    static final String REGISTRATION_SELECT = """
            select r.id, r.application_id, a.name as application_name, a.developer_id, p.id as product_id,
                p.name as product_name, r.version_id, v.name as version_name, r.plan_id, pl.name as plan_name,
                r.status, r.reason, r.requested_at, r.decided_at, r.decided_by
            from portal_registration r
            join portal_application a on a.id = r.application_id
            join portal_product_version v on v.id = r.version_id
            join portal_product p on p.id = v.product_id
            join portal_plan pl on pl.id = r.plan_id
            """;

    static final RowMapper<Application> APP = (rs, n) -> new Application(uuid(rs, "id"), uuid(rs, "developer_id"),
            rs.getString("name"), rs.getString("description"), instant(rs, "created_at"), instant(rs, "updated_at"));

    static final RowMapper<Credential> CREDENTIAL = (rs, n) -> new Credential(uuid(rs, "id"), uuid(rs, "application_id"),
            CredentialKind.of(rs.getString("kind")), rs.getString("display_prefix"), rs.getString("client_id"),
            instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"), uuid(rs, "replaced_by"));

    static final RowMapper<Registration> REGISTRATION = (rs, n) -> new Registration(uuid(rs, "id"),
            uuid(rs, "application_id"), rs.getString("application_name"), uuid(rs, "developer_id"),
            uuid(rs, "product_id"), rs.getString("product_name"), uuid(rs, "version_id"), rs.getString("version_name"),
            uuid(rs, "plan_id"), rs.getString("plan_name"), RegistrationStatus.of(rs.getString("status")),
            rs.getString("reason"), instant(rs, "requested_at"), instant(rs, "decided_at"), rs.getString("decided_by"));

    private final JdbcClient jdbc;

    AppRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Application> application(UUID id) {
        return jdbc.sql("select " + APP_COLUMNS + " from portal_application where id = :id").param("id", id)
                .query(APP).optional();
    }

    /** The developer's application; 404 for anyone else's. */
    Application owned(UUID developerId, UUID applicationId) {
        return application(applicationId).filter(app -> app.developerId().equals(developerId))
                .orElseThrow(() -> new NotFoundException("application", applicationId));
    }

    Application any(UUID applicationId) {
        return application(applicationId).orElseThrow(() -> new NotFoundException("application", applicationId));
    }

    List<Registration> registrations(UUID applicationId) {
        return jdbc.sql(REGISTRATION_SELECT + " where r.application_id = :app order by r.requested_at desc, r.id")
                .param("app", applicationId).query(REGISTRATION).list();
    }

    Registration registration(UUID id) {
        return jdbc.sql(REGISTRATION_SELECT + " where r.id = :id").param("id", id).query(REGISTRATION).optional()
                .orElseThrow(() -> new NotFoundException("registration", id));
    }

    List<Credential> credentials(UUID applicationId) {
        return jdbc.sql("select " + CREDENTIAL_COLUMNS + " from portal_credential where application_id = :app"
                + " order by created_at desc, id").param("app", applicationId).query(CREDENTIAL).list();
    }

    Credential credential(UUID id) {
        return jdbc.sql("select " + CREDENTIAL_COLUMNS + " from portal_credential where id = :id").param("id", id)
                .query(CREDENTIAL).optional().orElseThrow(() -> new NotFoundException("credential", id));
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
