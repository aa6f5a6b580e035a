package io.gatehouse.support.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.sla.Severity;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for tickets and their timeline. Runs in whatever tenant scope the caller's transaction has. */
@Component
class TicketStore {

    static final String COLUMNS = "t.id, t.org_id, t.number, t.product, t.product_version, t.severity, t.subject, t.description,"
            + " t.environment, t.status, t.coverage, t.region, t.requester_id, t.assignee_id, t.continuous_effort,"
            + " t.next_due_at, t.sla_breached or exists (select 1 from support_sla_deadline d where d.ticket_id = t.id"
            + " and d.threshold = 'BREACH' and d.notified_at is not null), t.created_at, t.updated_at, t.version";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    TicketStore(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    long insert(UUID id, OrgId org, NewTicket t, Severity severity, Coverage coverage, Region region, UUID requester, Instant now) {
        return jdbc.sql("""
                insert into support_ticket (id, org_id, product, product_version, severity, subject, description, environment,
                    status, coverage, region, requester_id, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?, ?, ?, ?, ?) returning number
                """)
                .params(id, org.value(), t.product(), blankToNull(t.productVersion()), severity.level(), t.subject().strip(),
                        t.description(), t.environment() == null ? "" : t.environment(), coverage.name(), region.name(),
                        requester, Timestamp.from(now), Timestamp.from(now))
                .query(Long.class).single();
    }

    Optional<Ticket> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from support_ticket t where t.id = ?").param(id).query(TicketStore::ticket).optional();
    }

    Optional<Ticket> findByNumber(long number) {
        return jdbc.sql("select " + COLUMNS + " from support_ticket t where t.number = ?").param(number).query(TicketStore::ticket).optional();
    }

    /** Locks the row for the rest of the transaction, so concurrent changes to one ticket serialise. */
    Optional<Ticket> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from support_ticket t where t.id = ? for update").param(id).query(TicketStore::ticket).optional();
    }

    List<Ticket> ofOrg(OrgId org) {
        return jdbc.sql("select " + COLUMNS + " from support_ticket t where t.org_id = ? order by t.created_at desc")
                .param(org.value()).query(TicketStore::ticket).list();
    }

    void append(Ticket ticket, Instant at, TicketEvent.Kind kind, SupportActor actor, boolean visibleToCustomer, String body,
            Map<String, ?> data) {
        jdbc.sql("""
                insert into support_ticket_event (id, org_id, ticket_id, seq, at, kind, actor_id, actor_name, staff, public, body, data)
                values (?, ?, ?, (select coalesce(max(seq), 0) + 1 from support_ticket_event where ticket_id = ?), ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """)
                .params(UUID.randomUUID(), ticket.org().value(), ticket.id(), ticket.id(), Timestamp.from(at), kind.name(),
                        actor.userId(), actor.name(), actor.staff(), visibleToCustomer, body, JSON.writeValueAsString(data))
                .update();
    }

    List<TicketEvent> timeline(UUID ticketId) {
        return jdbc.sql("select seq, at, kind, actor_id, actor_name, staff, public, body, data::text from support_ticket_event where ticket_id = ? order by seq")
                .param(ticketId)
                .query((rs, n) -> new TicketEvent(rs.getInt(1), rs.getTimestamp(2).toInstant(), TicketEvent.Kind.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8),
                        JSON.readValue(rs.getString(9), MAP)))
                .list();
    }

    /** Writes the changed fields and bumps the version; the row is locked by the caller. */
    void update(UUID id, Map<String, Object> columns, Instant now) {
        Map<String, Object> set = new LinkedHashMap<>(columns);
        set.put("updated_at", Timestamp.from(now));
        StringBuilder sql = new StringBuilder("update support_ticket set version = version + 1");
        set.keySet().forEach(column -> sql.append(", ").append(column).append(" = ?"));
        sql.append(" where id = ?");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString());
        for (Object value : set.values()) {
            statement = statement.param(value);
        }
        statement.param(id).update();
    }

    static Ticket ticket(ResultSet rs, int row) throws SQLException {
        Timestamp due = rs.getTimestamp(16);
        return new Ticket(rs.getObject(1, UUID.class), new OrgId(rs.getObject(2, UUID.class)), rs.getLong(3), rs.getString(4),
                rs.getString(5), Severity.of(rs.getInt(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                TicketStatus.valueOf(rs.getString(10)), Coverage.valueOf(rs.getString(11)), Region.valueOf(rs.getString(12)),
                rs.getObject(13, UUID.class), rs.getObject(14, UUID.class), rs.getBoolean(15), due == null ? null : due.toInstant(),
                rs.getBoolean(17), rs.getTimestamp(18).toInstant(), rs.getTimestamp(19).toInstant(), rs.getLong(20));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
