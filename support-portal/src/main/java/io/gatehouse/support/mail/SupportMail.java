package io.gatehouse.support.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.platform.jobs.ClusterJobs;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.tickets.TicketChanged;
import io.gatehouse.support.tickets.TicketEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Outbound mail: a public staff reply (or status/severity change) goes to the ticket's followers, in the
 * ticket's thread; SLA alerts raised by the scan go to the assignee (or the support address) and auto-close
 * warnings to the followers, each once ({@code mailed_at}). Sent after commit, so a rolled-back change
 * mails nothing. Without {@code spring.mail.host} nothing is sent and alerts stay in the console.
 */
@Component
class SupportMail {

    private static final Logger log = LoggerFactory.getLogger(SupportMail.class);
    /** Advisory-lock key of the alert mailer, so one replica mails each alert. */
    static final long MAIL_LOCK = 0x534C414D41494CL;

    private final ObjectProvider<JavaMailSender> senders;
    private final String host;
    private final SupportMailProperties properties;
    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ClusterJobs jobs;
    private final Duration interval;

    SupportMail(ObjectProvider<JavaMailSender> senders, @Value("${spring.mail.host:}") String host, SupportMailProperties properties,
            JdbcTemplate jdbcTemplate, TenantScopes scopes, TransactionTemplate tx, Clock clock, ClusterJobs jobs,
            @Value("${gatehouse.support.scan-interval:PT1M}") Duration interval) {
        this.jobs = jobs;
        this.interval = interval;
        this.senders = senders;
        this.host = host;
        this.properties = properties;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        // Runs after the ticket's transaction committed (or on its own): always in a transaction of its own.
        this.tx = new TransactionTemplate(tx.getTransactionManager());
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    private record Thread(long number, String subject, String body, List<String> recipients) {
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void ticketChanged(TicketChanged change) {
        if (!change.visibleToCustomer() || !change.actor().staff() || sender() == null) {
            return;
        }
        if (change.kind() != TicketEvent.Kind.REPLY && change.kind() != TicketEvent.Kind.STATUS
                && change.kind() != TicketEvent.Kind.SEVERITY) {
            return;
        }
        Thread thread = scopes.call(TenantScope.platform(), () -> tx.execute(s -> {
            String[] ticket = jdbc.sql("select number::text, subject from support_ticket where id = ?").param(change.ticketId())
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
            String body = jdbc.sql("""
                    select case kind
                        when 'REPLY' then body
                        when 'STATUS' then 'The ticket is now ' || (data ->> 'to') || '.'
                        else 'Severity changed from ' || (data ->> 'from') || ' to ' || (data ->> 'to') || ': ' || coalesce(body, '')
                    end
                    from support_ticket_event where ticket_id = ? and kind = ? order by seq desc limit 1
                    """).params(change.ticketId(), change.kind().name()).query(String.class).single();
            List<String> to = followers(change.ticketId());
            return new Thread(Long.parseLong(ticket[0]), ticket[1], body, to);
        }));
        send(thread.number(), thread.subject(), change.actor().name() + " wrote:\n\n" + thread.body(), thread.recipients());
    }

    @Scheduled(fixedDelayString = "${gatehouse.support.scan-interval:PT1M}", initialDelayString = "${gatehouse.support.scan-initial-delay:PT30S}")
    void scheduledAlerts() {
        if (sender() != null) {
            jobs.runOnce("support-alert-mail", interval, () -> mailAlerts() + " alerts mailed");
        }
    }

    /** Mails the alerts the scan raised and nobody mailed yet; once per alert across replicas. Returns how many. */
    int mailAlerts() {
        if (sender() == null) {
            return 0;
        }
        return scopes.call(TenantScope.platform(), () -> tx.execute(s -> {
            if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(MAIL_LOCK).query(Boolean.class).single())) {
                return 0;
            }
            record Alert(UUID ticketId, long number, String subject, String clock, String threshold, Timestamp dueAt, String assignee) {
            }
            List<Alert> alerts = jdbc.sql("""
                    with mailed as (
                        update support_sla_deadline set mailed_at = ?
                        where notified_at is not null and mailed_at is null
                        returning ticket_id, clock, threshold, due_at
                    )
                    select m.ticket_id, t.number, t.subject, m.clock, m.threshold, m.due_at, u.email
                    from mailed m join support_ticket t on t.id = m.ticket_id left join platform_user u on u.id = t.assignee_id
                    """).param(Timestamp.from(clock.instant()))
                    .query((rs, n) -> new Alert(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6), rs.getString(7)))
                    .list();
            for (Alert alert : alerts) {
                if (alert.threshold().startsWith("AUTO_CLOSE")) {
                    if (alert.threshold().equals("AUTO_CLOSE_WARNING")) {
                        send(alert.number(), alert.subject(), "We have been waiting for your response. This ticket will be "
                                + "closed after one more business day without one; reply to keep it open.", followers(alert.ticketId()));
                    }
                } else {
                    String what = alert.threshold().equals("BREACH") ? "breached its SLA" : "reached " + alert.threshold().substring(5) + " % of its SLA";
                    send(alert.number(), alert.subject(), "The " + alert.clock().toLowerCase().replace('_', ' ') + " clock " + what
                            + " (due " + alert.dueAt().toInstant() + ").", List.of(alert.assignee() == null ? properties.from() : alert.assignee()));
                }
            }
            return alerts.size();
        }));
    }

    private List<String> followers(UUID ticketId) {
        return jdbc.sql("""
                select u.email from support_ticket_follower f join platform_user u on u.id = f.user_id
                where f.ticket_id = ? and u.enabled order by u.email
                """).param(ticketId).query(String.class).list();
    }

    private void send(long number, String subject, String text, List<String> to) {
        JavaMailSender sender = sender();
        if (sender == null || to.isEmpty()) {
            return;
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(properties.from());
            helper.setReplyTo(properties.from());
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(MailThreads.subject(number, subject));
            helper.setText(text);
            message.setHeader("In-Reply-To", MailThreads.threadId(number));
            message.setHeader("References", MailThreads.threadId(number));
            sender.send(message);
        } catch (MessagingException | MailException e) {
            log.warn("Could not mail ticket GH-{} to {}: {}", number, to, e.getMessage());
        }
    }

    private JavaMailSender sender() {
        return host == null || host.isBlank() ? null : senders.getIfAvailable();
    }
}
