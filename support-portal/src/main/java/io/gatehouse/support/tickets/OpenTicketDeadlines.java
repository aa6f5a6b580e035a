package io.gatehouse.support.tickets;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.calendar.CalendarChanged;
import io.gatehouse.support.calendar.HolidayCalendars;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.SlaPolicies;
import io.gatehouse.support.sla.SlaPolicyChanged;

/**
 * Recomputes the stored deadlines of open tickets when the rules they were computed with change: the SLA
 * matrix or warning percentages (every open ticket) or a region's holidays (that region's open tickets).
 * Runs after the edit commits, in batches of {@value #BATCH} tickets, each batch its own transaction that
 * locks its tickets' rows as {@link TicketDesk} does, so a ticket changed at the same time is recomputed by
 * whichever of the two commits last, from the full timeline, never from a stale one. Tickets are walked in
 * id order (keyset), so a batch costs the same wherever it is.
 */
@Component
class OpenTicketDeadlines {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(OpenTicketDeadlines.class);

    private final TicketStore store;
    private final TicketClocks clocks;
    private final SlaPolicies policies;
    private final HolidayCalendars calendars;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;

    OpenTicketDeadlines(TicketStore store, TicketClocks clocks, SlaPolicies policies, HolidayCalendars calendars,
            TenantScopes scopes, PlatformTransactionManager transactions) {
        this.store = store;
        this.clocks = clocks;
        this.policies = policies;
        this.calendars = calendars;
        this.scopes = scopes;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void policyChanged(SlaPolicyChanged change) {
        policies.reload();
        try {
            int tickets = recompute(null, BATCH);
            log.info("SLA policy changed ({}): recomputed the deadlines of {} open tickets", change.what(), tickets);
        } catch (RuntimeException e) {
            // The edit is committed; tickets not reached keep their deadlines until their next change.
            log.error("SLA policy changed ({}), but recomputing open tickets' deadlines failed", change.what(), e);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void calendarChanged(CalendarChanged change) {
        calendars.reload();
        try {
            int tickets = recompute(change.region(), BATCH);
            log.info("{} holidays changed: recomputed the deadlines of {} open tickets", change.region(), tickets);
        } catch (RuntimeException e) {
            // The edit is committed; tickets not reached keep their deadlines until their next change.
            log.error("{} holidays changed, but recomputing open tickets' deadlines failed", change.region(), e);
        }
    }

    /** Recomputes every open ticket (of one region, or all with {@code null}), {@code batch} at a time; returns how many. */
    int recompute(Region region, int batch) {
        int done = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            UUID from = after;
            List<UUID> ids = scopes.call(TenantScope.platform(), () -> tx.execute(status -> {
                List<UUID> page = store.jdbc().sql("select id from support_ticket where status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')"
                                + " and (cast(? as varchar) is null or region = ?) and id > ? order by id limit ?")
                        .params(region == null ? null : region.name(), region == null ? null : region.name(), from, batch)
                        .query(UUID.class).list();
                for (UUID id : page) {
                    store.lock(id).filter(t -> TicketStatus.ACTIVE.contains(t.status())).ifPresent(clocks::refresh);
                }
                return page;
            }));
            done += ids.size();
            if (ids.size() < batch) {
                return done;
            }
            after = ids.get(ids.size() - 1);
        }
    }
}
