package io.gatehouse.support.tickets;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The staff side across all organizations: the queue ordered by time to breach, bulk assignment and the
 * SLA report. Reads run in the platform scope; every write goes through {@link TicketDesk}.
 */
@Service
public class TicketQueue {

    private static final String BREACHED = "(t.sla_breached or (t.next_due_at is not null and t.next_due_at < ?)"
            + " or exists (select 1 from support_sla_deadline d where d.ticket_id = t.id and d.threshold = 'BREACH' and d.notified_at is not null))";

    private final TicketStore store;
    private final TicketDesk desk;
    private final TenantScopes scopes;
    private final Clock clock;

    TicketQueue(TicketStore store, TicketDesk desk, TenantScopes scopes, Clock clock) {
        this.store = store;
        this.desk = desk;
        this.scopes = scopes;
        this.clock = clock;
    }

    /** Tickets matching the filter, soonest breach first (tickets without a running clock last). */
    @Transactional(readOnly = true)
    public List<Ticket> queue(SupportActor actor, QueueFilter filter) {
        return queue(actor, filter, 0);
    }

    /** One page of the queue: {@code filter.limit()} tickets after skipping {@code offset}. */
    @Transactional(readOnly = true)
    public List<Ticket> queue(SupportActor actor, QueueFilter filter, int offset) {
        requireStaff(actor);
        StringBuilder sql = new StringBuilder("select " + TicketStore.COLUMNS + " from support_ticket t where true");
        List<Object> params = new ArrayList<>();
        if (filter.status() == null) {
            sql.append(" and t.status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')");
        } else {
            sql.append(" and t.status = ?");
            params.add(filter.status().name());
        }
        if (filter.severity() != null) {
            sql.append(" and t.severity = ?");
            params.add(filter.severity());
        }
        if (filter.product() != null) {
            sql.append(" and t.product = ?");
            params.add(filter.product());
        }
        if (filter.org() != null) {
            sql.append(" and t.org_id = ?");
            params.add(filter.org());
        }
        if (filter.assignee() != null) {
            sql.append(" and t.assignee_id = ?");
            params.add(filter.assignee());
        }
        if (filter.breached() != null) {
            sql.append(filter.breached() ? " and " : " and not ").append(BREACHED);
            params.add(Timestamp.from(clock.instant()));
        }
        int limit = filter.limit() == null ? 200 : filter.limit();
        if (limit < 1 || limit > 1000) {
            throw InvalidInputException.field("limit", "Ask for 1 to 1000 tickets.");
        }
        if (offset < 0 || offset > 100_000) {
            throw InvalidInputException.field("page", "Ask for a page from 1.");
        }
        sql.append(" order by t.next_due_at asc nulls last, t.created_at asc, t.id limit ").append(limit).append(" offset ").append(offset);
        return scopes.call(TenantScope.platform(), () -> {
            var statement = store.jdbc().sql(sql.toString());
            for (Object param : params) {
                statement = statement.param(param);
            }
            return statement.query(TicketStore::ticket).list();
        });
    }

    /** Assigns several tickets to one engineer; all or nothing. */
    @Transactional
    public List<Ticket> assign(SupportActor actor, List<UUID> ticketIds, UUID assignee) {
        requireStaff(actor);
        if (ticketIds == null || ticketIds.isEmpty() || ticketIds.size() > 500) {
            throw InvalidInputException.field("ticketIds", "Choose 1 to 500 tickets.");
        }
        return ticketIds.stream().distinct().map(id -> desk.assign(actor, id, assignee, null)).toList();
    }

    /**
     * The SLA report over tickets created in {@code [from, to)}: per group, how many tickets and how many
     * had a clock breached, grouped by {@code severity}, {@code org} or {@code month} (UTC).
     */
    @Transactional(readOnly = true)
    public List<SlaReportRow> report(SupportActor actor, String groupBy, Instant from, Instant to) {
        requireStaff(actor);
        String group = Map.of("severity", "'Sev ' || t.severity",
                        "org", "o.slug",
                        "month", "to_char(t.created_at at time zone 'UTC', 'YYYY-MM')")
                .get(groupBy == null ? "" : groupBy);
        if (group == null) {
            throw InvalidInputException.field("groupBy", "Group by severity, org or month.");
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw InvalidInputException.field("to", "Give a period whose end is after its start.");
        }
        String sql = "select " + group + " as grp, count(*), count(*) filter (where " + BREACHED + ")"
                + " from support_ticket t join platform_organization o on o.id = t.org_id"
                + " where t.created_at >= ? and t.created_at < ? group by grp order by grp";
        Timestamp now = Timestamp.from(clock.instant());
        return scopes.call(TenantScope.platform(), () -> store.jdbc().sql(sql)
                .params(now, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new SlaReportRow(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list());
    }

    /** The most recently raised SLA alerts across all organizations, newest first. */
    @Transactional(readOnly = true)
    public List<SlaAlert> alerts(SupportActor actor, Integer limit) {
        requireStaff(actor);
        int rows = limit == null ? 100 : limit;
        if (rows < 1 || rows > 1000) {
            throw InvalidInputException.field("limit", "Ask for 1 to 1000 alerts.");
        }
        return scopes.call(TenantScope.platform(), () -> store.jdbc().sql("""
                select d.ticket_id, t.number, t.subject, t.severity, d.clock, d.cycle, d.threshold, d.due_at, d.notified_at, d.mailed_at
                from support_sla_deadline d join support_ticket t on t.id = d.ticket_id
                where d.notified_at is not null
                order by d.notified_at desc, d.due_at desc limit ?
                """).param(rows)
                .query((rs, n) -> new SlaAlert(rs.getObject(1, UUID.class), "GH-" + rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
                .list());
    }

    private static void requireStaff(SupportActor actor) {
        if (!actor.staff()) {
            throw new ForbiddenException("Only support staff can do this.");
        }
    }
}
