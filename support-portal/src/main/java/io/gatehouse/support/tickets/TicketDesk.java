package io.gatehouse.support.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.Actor;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.catalog.Product;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;

/**
 * Files and works support tickets. Every change locks the ticket row, checks the version the caller last
 * saw (when given: optimistic locking, a 409 naming the conflict), appends to the timeline, audits, and
 * recomputes the SLA deadlines — all in one transaction.
 * <p>
 * Scope: a customer acts inside its organization's tenant scope, so another organization's ticket is
 * simply not found (404). Staff act across organizations; their reads run in the platform scope and their
 * writes in the ticket's organization scope (so the audit entry belongs to that organization).
 */
@Service
public class TicketDesk {

    static final int SUBJECT_MAX = 200;
    static final int BODY_MAX = 100_000;

    private final TicketStore store;
    private final TicketClocks clocks;
    private final CustomerContacts contacts;
    private final SupportSubscriptions subscriptions;
    private final ProductCatalog catalog;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TicketDesk(TicketStore store, TicketClocks clocks, CustomerContacts contacts, SupportSubscriptions subscriptions,
            ProductCatalog catalog, TenantScopes scopes, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.clocks = clocks;
        this.contacts = contacts;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.scopes = scopes;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A customer contact files a ticket for their organization. */
    @Transactional
    public Ticket open(SupportActor actor, NewTicket request) {
        if (actor.staff()) {
            throw new ForbiddenException("Tickets are filed by the customer's support contacts.");
        }
        return scopes.call(TenantScope.org(actor.org()), () -> {
            contacts.requireFiler(actor.org(), actor.userId());
            Subscription subscription = subscriptions.requireActive(actor.org());
            Severity severity = validate(request, subscription);
            Instant now = clock.instant();
            UUID id = UUID.randomUUID();
            store.insert(id, actor.org(), request, severity, subscription.coverage(), subscription.region(), actor.userId(), now);
            Ticket ticket = store.find(id).orElseThrow();
            store.append(ticket, now, TicketEvent.Kind.CREATED, actor, true, request.description(),
                    Map.of("severity", severity.level(), "product", request.product(), "subject", ticket.subject()));
            store.jdbc().sql("insert into support_ticket_follower (org_id, ticket_id, user_id) values (?, ?, ?)")
                    .params(actor.org().value(), id, actor.userId()).update();
            clocks.refresh(ticket);
            audit.record("create", "support_ticket", id, Map.of("number", ticket.number(), "severity", severity.level(),
                    "product", ticket.product(), "subject", ticket.subject()));
            Ticket opened = store.find(id).orElseThrow();
            events.publishEvent(new TicketChanged(opened.id(), opened.org(), TicketEvent.Kind.CREATED, actor, true, now));
            return opened;
        });
    }

    /**
     * A public reply. A staff reply opens a NEW ticket and, with {@code waitForCustomer}, puts it in
     * WAITING_ON_CUSTOMER; a customer reply brings a waiting ticket back to OPEN and reopens a RESOLVED one.
     * A CLOSED ticket takes no replies: the customer opens a new ticket.
     */
    @Transactional
    public Ticket reply(SupportActor actor, UUID ticketId, String body, Long expectedVersion, boolean waitForCustomer) {
        requireBody(body);
        return change(actor, ticketId, expectedVersion, (ticket, now) -> {
            if (ticket.status() == TicketStatus.CLOSED) {
                throw new ConflictException("Ticket " + ticket.reference() + " is closed; please open a new ticket.");
            }
            store.append(ticket, now, TicketEvent.Kind.REPLY, actor, true, body, Map.of());
            TicketStatus to = ticket.status();
            if (actor.staff()) {
                to = waitForCustomer ? TicketStatus.WAITING_ON_CUSTOMER : (ticket.status() == TicketStatus.NEW ? TicketStatus.OPEN : to);
            } else if (ticket.status() == TicketStatus.WAITING_ON_CUSTOMER || ticket.status() == TicketStatus.RESOLVED) {
                to = TicketStatus.OPEN;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("reply", abbreviate(body));
            moveTo(ticket, to, actor, now, changes);
            return new Change(TicketEvent.Kind.REPLY, true, changes);
        });
    }

    /** An internal note: staff only, never shown to the customer. */
    @Transactional
    public Ticket note(SupportActor actor, UUID ticketId, String body) {
        requireStaff(actor);
        requireBody(body);
        return change(actor, ticketId, null, (ticket, now) -> {
            store.append(ticket, now, TicketEvent.Kind.NOTE, actor, false, body, Map.of());
            return new Change(TicketEvent.Kind.NOTE, false, Map.of("note", abbreviate(body)));
        });
    }

    /** Moves a ticket to another state, following {@link TicketStatus#canMoveTo}. */
    @Transactional
    public Ticket changeStatus(SupportActor actor, UUID ticketId, TicketStatus to, Long expectedVersion) {
        if (to == null) {
            throw InvalidInputException.field("status", "Choose a status.");
        }
        return change(actor, ticketId, expectedVersion, (ticket, now) -> {
            if (ticket.status() == to) {
                throw new ConflictException("Ticket " + ticket.reference() + " is already " + to + ".");
            }
            if (!ticket.status().canMoveTo(to, actor.staff())) {
                throw new ConflictException(ticket.status() == TicketStatus.CLOSED
                        ? "Ticket " + ticket.reference() + " is closed; please open a new ticket."
                        : "A ticket cannot go from " + ticket.status() + " to " + to + (actor.staff() ? "." : " by the customer."));
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            moveTo(ticket, to, actor, now, changes);
            return new Change(TicketEvent.Kind.STATUS, true, changes);
        });
    }

    /**
     * Staff adjust the severity with a reason the customer sees. The SLA clocks take the new severity's
     * targets measured from each running cycle's original start (see {@link io.gatehouse.support.sla.SlaClock}).
     * Lowering below Sev 2 clears the continuous-effort flag.
     */
    @Transactional
    public Ticket changeSeverity(SupportActor actor, UUID ticketId, Integer level, String reason, Long expectedVersion) {
        requireStaff(actor);
        List<FieldViolation> violations = new ArrayList<>();
        if (level == null || level < 1 || level > 4) violations.add(new FieldViolation("severity", "Choose a severity from 1 to 4."));
        if (reason == null || reason.isBlank()) violations.add(new FieldViolation("reason", "Say why the severity changes; the customer sees it."));
        if (!violations.isEmpty()) throw new InvalidInputException("The severity change is not valid", violations);
        Severity severity = Severity.of(level);
        return change(actor, ticketId, expectedVersion, (ticket, now) -> {
            if (!TicketStatus.ACTIVE.contains(ticket.status())) {
                throw new ConflictException("Ticket " + ticket.reference() + " is " + ticket.status() + "; reopen it to change its severity.");
            }
            Product product = catalog.require(ticket.product());
            if (!product.allows(severity)) {
                throw InvalidInputException.field("severity", product.name() + " tickets can only be severity "
                        + product.mostUrgentSeverity().level() + " to 4.");
            }
            if (severity == ticket.severity()) {
                throw new ConflictException("Ticket " + ticket.reference() + " is already severity " + level + ".");
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("severity", level);
            if (severity.level() > 2 && ticket.continuousEffort()) {
                columns.put("continuous_effort", false);
            }
            store.update(ticket.id(), columns, now);
            store.append(ticket, now, TicketEvent.Kind.SEVERITY, actor, true, reason.strip(),
                    Map.of("from", ticket.severity().level(), "to", level));
            return new Change(TicketEvent.Kind.SEVERITY, true,
                    Map.of("severity", Map.of("from", ticket.severity().level(), "to", level), "reason", reason.strip()));
        });
    }

    /** Assigns the ticket to a support engineer, or unassigns it ({@code assignee == null}). Staff only. */
    @Transactional
    public Ticket assign(SupportActor actor, UUID ticketId, UUID assignee, Long expectedVersion) {
        requireStaff(actor);
        if (assignee != null) {
            Integer engineers = scopes.call(TenantScope.platform(), () -> store.jdbc()
                    .sql("select count(*) from platform_user where id = ? and platform_role in ('SUPPORT_ENGINEER', 'PLATFORM_ADMIN') and enabled")
                    .param(assignee).query(Integer.class).single());
            if (engineers == 0) {
                throw InvalidInputException.field("assigneeId", "Tickets can only be assigned to support engineers.");
            }
        }
        return change(actor, ticketId, expectedVersion, (ticket, now) -> {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("assignee_id", assignee);
            store.update(ticket.id(), columns, now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("from", ticket.assigneeId() == null ? null : ticket.assigneeId().toString());
            data.put("to", assignee == null ? null : assignee.toString());
            store.append(ticket, now, TicketEvent.Kind.ASSIGNED, actor, false, null, data);
            return new Change(TicketEvent.Kind.ASSIGNED, false, Map.of("assignee", data));
        });
    }

    /**
     * Sets the continuous-effort flag (support policy §6: a confirmed Sev 1/2 with no workaround gets
     * continuous effort within the subscription's coverage). Staff only; only for Sev 1 and 2.
     */
    @Transactional
    public Ticket setContinuousEffort(SupportActor actor, UUID ticketId, boolean on, Long expectedVersion) {
        requireStaff(actor);
        return change(actor, ticketId, expectedVersion, (ticket, now) -> {
            if (on && ticket.severity().level() > 2) {
                throw InvalidInputException.field("continuousEffort", "Continuous effort applies to confirmed severity 1 and 2 issues only.");
            }
            if (ticket.continuousEffort() == on) {
                throw new ConflictException("Continuous effort is already " + (on ? "on" : "off") + " for " + ticket.reference() + ".");
            }
            store.update(ticket.id(), Map.of("continuous_effort", on), now);
            store.append(ticket, now, TicketEvent.Kind.CONTINUOUS_EFFORT, actor, true, null,
                    Map.of("on", on, "coverage", ticket.coverage().name()));
            return new Change(TicketEvent.Kind.CONTINUOUS_EFFORT, true, Map.of("continuousEffort", on));
        });
    }

    /** Adds a follower: a member of the ticket's organization (customers add only themselves) or staff. */
    @Transactional
    public Ticket follow(SupportActor actor, UUID ticketId, UUID userId) {
        if (!actor.staff() && !userId.equals(actor.userId())) {
            throw new ForbiddenException("Customers can only follow tickets themselves.");
        }
        return change(actor, ticketId, null, (ticket, now) -> {
            int added = store.jdbc().sql("insert into support_ticket_follower (org_id, ticket_id, user_id) values (?, ?, ?) on conflict do nothing")
                    .params(ticket.org().value(), ticket.id(), userId).update();
            if (added == 0) {
                throw new ConflictException("This user already follows " + ticket.reference() + ".");
            }
            store.append(ticket, now, TicketEvent.Kind.FOLLOWER_ADDED, actor, !actor.staff(), null, Map.of("userId", userId.toString()));
            return new Change(TicketEvent.Kind.FOLLOWER_ADDED, false, Map.of("follower", userId.toString()));
        });
    }

    /** Attaches a file (checked by {@link AttachmentRules}) to a visible, not closed ticket. */
    @Transactional
    public Attachment attach(SupportActor actor, UUID ticketId, String filename, String contentType, byte[] content) {
        String type = AttachmentRules.check(filename, contentType, content);
        UUID id = UUID.randomUUID();
        change(actor, ticketId, null, (ticket, now) -> {
            if (ticket.status() == TicketStatus.CLOSED) {
                throw new ConflictException("Ticket " + ticket.reference() + " is closed; please open a new ticket.");
            }
            store.jdbc().sql("""
                    insert into support_attachment (id, org_id, ticket_id, filename, content_type, size, content, uploaded_by, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(id, ticket.org().value(), ticket.id(), filename.strip(), type, content.length, content,
                    actor.userId() == null ? new UUID(0, 0) : actor.userId(), java.sql.Timestamp.from(now)).update();
            store.append(ticket, now, TicketEvent.Kind.ATTACHMENT, actor, true, null,
                    Map.of("attachmentId", id.toString(), "filename", filename.strip(), "size", content.length));
            return new Change(TicketEvent.Kind.ATTACHMENT, true, Map.of("attachment", filename.strip(), "size", content.length));
        });
        return attachment(actor, ticketId, id, false);
    }

    /** The ticket's attachments (without content). */
    @Transactional(readOnly = true)
    public List<Attachment> attachments(SupportActor actor, UUID ticketId) {
        Ticket ticket = get(actor, ticketId);
        return inReadScope(actor, () -> store.jdbc().sql(
                "select id, ticket_id, filename, content_type, size, uploaded_by, created_at from support_attachment where ticket_id = ? order by created_at")
                .param(ticket.id())
                .query((rs, n) -> new Attachment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant(), null))
                .list());
    }

    /** One attachment with its content, for the ticket's organization and staff only (otherwise a 404). */
    @Transactional(readOnly = true)
    public Attachment download(SupportActor actor, UUID ticketId, UUID attachmentId) {
        return attachment(actor, ticketId, attachmentId, true);
    }

    private Attachment attachment(SupportActor actor, UUID ticketId, UUID attachmentId, boolean withContent) {
        Ticket ticket = get(actor, ticketId);
        return inReadScope(actor, () -> store.jdbc().sql(
                "select id, ticket_id, filename, content_type, size, uploaded_by, created_at, content from support_attachment where id = ? and ticket_id = ?")
                .params(attachmentId, ticket.id())
                .query((rs, n) -> new Attachment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant(),
                        withContent ? rs.getBytes(8) : null))
                .optional())
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
    }

    /** Closes a ticket that waited on the customer for 5 business days (called by the scan). */
    @Transactional
    public Ticket closeForInactivity(UUID ticketId) {
        return change(SupportActor.SYSTEM, ticketId, null, (ticket, now) -> {
            if (ticket.status() != TicketStatus.WAITING_ON_CUSTOMER) {
                throw new ConflictException("Ticket " + ticket.reference() + " no longer waits on the customer.");
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("reason", "no customer response for 5 business days");
            moveTo(ticket, TicketStatus.CLOSED, SupportActor.SYSTEM, now, changes);
            return new Change(TicketEvent.Kind.STATUS, true, changes);
        });
    }

    /** Records on the timeline that the contact was warned of the coming auto-close (called by the scan). */
    @Transactional
    public void recordAutoCloseWarning(UUID ticketId) {
        scopes.run(TenantScope.platform(), () -> {
            Ticket ticket = store.find(ticketId).orElseThrow(() -> new NotFoundException("ticket", ticketId));
            scopes.run(TenantScope.org(ticket.org()), () -> store.append(ticket, clock.instant(),
                    TicketEvent.Kind.AUTO_CLOSE_WARNING, SupportActor.SYSTEM, true,
                    "This ticket will be closed after one more business day without a response.", Map.of()));
        });
    }

    /** The ticket, if the actor may see it (its organization, or staff); otherwise a 404. */
    @Transactional(readOnly = true)
    public Ticket get(SupportActor actor, UUID ticketId) {
        return inReadScope(actor, () -> store.find(ticketId)).orElseThrow(() -> new NotFoundException("ticket", ticketId));
    }

    /** The ticket with this number, if visible to the actor. */
    @Transactional(readOnly = true)
    public Ticket getByNumber(SupportActor actor, long number) {
        return inReadScope(actor, () -> store.findByNumber(number)).orElseThrow(() -> new NotFoundException("ticket", "GH-" + number));
    }

    /** The timeline; customers see the public entries only. */
    @Transactional(readOnly = true)
    public List<TicketEvent> timeline(SupportActor actor, UUID ticketId) {
        Ticket ticket = get(actor, ticketId);
        return inReadScope(actor, () -> store.timeline(ticket.id())).stream()
                .filter(e -> actor.staff() || e.visibleToCustomer()).toList();
    }

    /** The tickets of the actor's organization, newest first. */
    @Transactional(readOnly = true)
    public List<Ticket> ofMyOrganization(SupportActor actor) {
        if (actor.org() == null) {
            throw new ForbiddenException("Staff use the queue.");
        }
        return scopes.call(TenantScope.org(actor.org()), () -> store.ofOrg(actor.org()));
    }

    /** The SLA clocks of a visible ticket. */
    @Transactional(readOnly = true)
    public Map<io.gatehouse.support.sla.SlaMetric, io.gatehouse.support.sla.ClockView> clocks(SupportActor actor, UUID ticketId) {
        Ticket ticket = get(actor, ticketId);
        return inReadScope(actor, () -> clocks.clocks(ticket));
    }

    // --- the one path every change takes ---

    private record Change(TicketEvent.Kind kind, boolean visibleToCustomer, Map<String, ?> audit) {
    }

    @FunctionalInterface
    private interface Work {
        Change apply(Ticket lockedTicket, Instant now);
    }

    private Ticket change(SupportActor actor, UUID ticketId, Long expectedVersion, Work work) {
        Ticket visible = inReadScope(actor, () -> store.find(ticketId)).orElseThrow(() -> new NotFoundException("ticket", ticketId));
        return scopes.call(TenantScope.org(visible.org()), () -> {
            Ticket ticket = store.lock(ticketId).orElseThrow(() -> new NotFoundException("ticket", ticketId));
            if (expectedVersion != null && expectedVersion != ticket.version()) {
                throw new ConflictException("Ticket " + ticket.reference() + " was changed by someone else since you loaded it"
                        + " (you had version " + expectedVersion + ", it is now " + ticket.version()
                        + "). Reload the ticket, check the latest changes and try again.");
            }
            Instant now = clock.instant();
            Change change = work.apply(ticket, now);
            Ticket changed = store.find(ticketId).orElseThrow();
            if (changed.version() == ticket.version()) {
                store.update(ticketId, Map.of(), now);
            }
            clocks.refresh(store.find(ticketId).orElseThrow());
            String action = change.kind().name().toLowerCase(java.util.Locale.ROOT);
            if (actor == SupportActor.SYSTEM) {
                audit.record(ticket.org(), Actor.SYSTEM, action, "support_ticket", ticketId, change.audit());
            } else {
                audit.record(action, "support_ticket", ticketId, change.audit());
            }
            Ticket result = store.find(ticketId).orElseThrow();
            events.publishEvent(new TicketChanged(result.id(), result.org(), change.kind(), actor, change.visibleToCustomer(), now));
            return result;
        });
    }

    private void moveTo(Ticket ticket, TicketStatus to, SupportActor actor, Instant now, Map<String, Object> changes) {
        if (to == ticket.status()) {
            return;
        }
        store.update(ticket.id(), Map.of("status", to.name()), now);
        store.append(ticket, now, TicketEvent.Kind.STATUS, actor, true, null, Map.of("from", ticket.status().name(), "to", to.name()));
        changes.put("status", Map.of("from", ticket.status().name(), "to", to.name()));
    }

    private <T> T inReadScope(SupportActor actor, Supplier<T> work) {
        return scopes.call(actor.staff() ? TenantScope.platform() : TenantScope.org(actor.org()), work);
    }

    private Severity validate(NewTicket request, Subscription subscription) {
        List<FieldViolation> violations = new ArrayList<>();
        Product product = request.product() == null ? null : catalog.find(request.product()).orElse(null);
        if (product == null) {
            violations.add(new FieldViolation("product", "Choose one of the products in your subscription."));
        } else if (!subscription.entitles(product.code())) {
            violations.add(new FieldViolation("product", "Your subscription does not include " + product.name() + "."));
        }
        Severity severity = null;
        if (request.severity() == null || request.severity() < 1 || request.severity() > 4) {
            violations.add(new FieldViolation("severity", "Choose a severity from 1 (critical) to 4 (low)."));
        } else {
            severity = Severity.of(request.severity());
            if (product != null && !product.allows(severity)) {
                violations.add(new FieldViolation("severity", product.name() + " issues are severity "
                        + product.mostUrgentSeverity().level() + " or 4 only."));
            }
        }
        if (request.subject() == null || request.subject().isBlank()) {
            violations.add(new FieldViolation("subject", "Give the ticket a subject."));
        } else if (request.subject().strip().length() > SUBJECT_MAX) {
            violations.add(new FieldViolation("subject", "Keep the subject under " + SUBJECT_MAX + " characters."));
        }
        if (request.description() == null || request.description().isBlank()) {
            violations.add(new FieldViolation("description", "Describe the problem: what you did, what you expected, what happened."));
        } else if (request.description().length() > BODY_MAX) {
            violations.add(new FieldViolation("description", "Keep the description under " + BODY_MAX + " characters; attach logs as files."));
        }
        if (request.environment() != null && request.environment().length() > BODY_MAX) {
            violations.add(new FieldViolation("environment", "Keep the environment details under " + BODY_MAX + " characters."));
        }
        if (request.productVersion() != null && request.productVersion().length() > 40) {
            violations.add(new FieldViolation("productVersion", "A version has at most 40 characters."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The ticket is not valid", violations);
        }
        return severity;
    }

    private static void requireStaff(SupportActor actor) {
        if (!actor.staff()) {
            throw new ForbiddenException("Only support staff can do this.");
        }
    }

    private static void requireBody(String body) {
        if (body == null || body.isBlank()) {
            throw InvalidInputException.field("body", "Write a message.");
        }
        if (body.length() > BODY_MAX) {
            throw InvalidInputException.field("body", "Keep the message under " + BODY_MAX + " characters; attach logs as files.");
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 197) + "...";
    }
}
