package io.gatehouse.support.mail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.jobs.ClusterJobs;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import io.gatehouse.support.contacts.Contact;
import io.gatehouse.support.contacts.CustomerContacts;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;
import io.gatehouse.support.tickets.NewTicket;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;

/**
 * Inbound mail: reads unseen messages of the support mailbox over IMAP. A message from a customer contact
 * that names a ticket (subject {@code [GH-n]} or thread headers) becomes a reply on it, if the ticket
 * belongs to the contact's organization; any other message from a contact files a new ticket (severity 3,
 * the default product; staff adjust both). Messages from unknown senders, ambiguous senders (a contact in
 * several organizations), or that the desk refuses are left unprocessed but marked seen, and logged.
 */
@Component
@EnableConfigurationProperties(SupportMailProperties.class)
public class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final SupportMailProperties properties;
    private final CustomerContacts contacts;
    private final SupportSubscriptions subscriptions;
    private final TicketDesk desk;
    private final TenantScopes scopes;
    private final ClusterJobs jobs;
    private final Duration interval;

    MailboxPoller(SupportMailProperties properties, CustomerContacts contacts, SupportSubscriptions subscriptions, TicketDesk desk,
            TenantScopes scopes, ClusterJobs jobs, @Value("${gatehouse.support.mail.poll-interval:PT1M}") Duration interval) {
        this.scopes = scopes;
        this.jobs = jobs;
        this.interval = interval;
        this.properties = properties;
        this.contacts = contacts;
        this.subscriptions = subscriptions;
        this.desk = desk;
    }

    @Scheduled(fixedDelayString = "${gatehouse.support.mail.poll-interval:PT1M}", initialDelayString = "${gatehouse.support.mail.poll-initial-delay:PT30S}")
    void scheduled() {
        // Once per cluster: two replicas reading the same unseen message at once would file it twice.
        if (properties.polling()) {
            jobs.runOnce("support-mailbox-poll", interval, () -> poll() + " messages became tickets or replies");
        }
    }

    /** Processes every unseen message once; returns how many became tickets or replies. */
    public int poll() {
        Properties settings = new Properties();
        String protocol = properties.imapSsl() ? "imaps" : "imap";
        settings.put("mail." + protocol + ".connectiontimeout", "10000");
        settings.put("mail." + protocol + ".timeout", "10000");
        int handled = 0;
        try {
            Store store = Session.getInstance(settings).getStore(protocol);
            store.connect(properties.imapHost(), properties.imapPort(), properties.imapUser(), properties.imapPassword());
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                try {
                    for (Message message : inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                        if (handle(message)) {
                            handled++;
                        }
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            log.warn("Could not read the support mailbox {}: {}", properties.imapHost(), e.getMessage());
        }
        return handled;
    }

    private boolean handle(Message message) throws MessagingException {
        String from = sender(message);
        List<Contact> senders = from == null ? List.of() : contacts.findByEmail(from);
        if (senders.size() != 1) {
            log.info("Ignoring support mail from {}: {}", from, senders.isEmpty() ? "not a support contact" : "contact of several organizations");
            return false;
        }
        Contact contact = senders.get(0);
        SupportActor actor = SupportActor.customer(contact.userId(), contact.displayName(), contact.org());
        String subject = message.getSubject() == null ? "(no subject)" : message.getSubject().strip();
        String body = text(message);
        Optional<Long> number = MailThreads.ticketNumber(subject, header(message, "In-Reply-To"), header(message, "References"));
        try {
            if (number.isPresent()) {
                Ticket ticket = desk.getByNumber(actor, number.get());
                desk.reply(actor, ticket.id(), body, null, false);
            } else {
                Subscription subscription = scopes.call(TenantScope.org(contact.org()), () -> subscriptions.requireActive(contact.org()));
                String product = subscription.products().size() == 1 ? subscription.products().iterator().next()
                        : properties.defaultProduct() != null && subscription.entitles(properties.defaultProduct())
                                ? properties.defaultProduct() : subscription.products().stream().sorted().findFirst().orElseThrow();
                desk.open(actor, new NewTicket(product, null, 3, subject.length() > 200 ? subject.substring(0, 200) : subject,
                        body, "Filed by e-mail from " + from));
            }
            return true;
        } catch (NotFoundException | ForbiddenException | ConflictException | InvalidInputException e) {
            log.info("Support mail from {} ({}) was not accepted: {}", from, subject, e.getMessage());
            return false;
        }
    }

    private static String sender(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address.getAddress() : null;
    }

    private static String header(Message message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? null : String.join(" ", values);
    }

    /** The plain-text part of a message (the first text/plain part of a multipart one). */
    private static String text(Message message) throws MessagingException {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text.strip();
            }
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain") && part.getContent() instanceof String text) {
                        return text.strip();
                    }
                }
            }
        } catch (IOException e) {
            throw new MessagingException("unreadable message body", e);
        }
        return "(no text)";
    }
}
