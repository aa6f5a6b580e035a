package io.gatehouse.support.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.gatehouse.support.MutableClock;
import io.gatehouse.support.SupportFixtures;
import io.gatehouse.support.SupportFixtures.Customer;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;
import io.gatehouse.support.tickets.TicketEvent;
import jakarta.mail.internet.MimeMessage;

/** Mail in and out through a real SMTP and IMAP server (GreenMail on ephemeral ports). */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupportMailIT {

    private static final String SUPPORT = "support@gatehouse.test";
    private static final GreenMail MAIL = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
            ServerSetupTest.IMAP.dynamicPort()});

    static {
        MAIL.start();
        MAIL.setUser(SUPPORT, "support", "mailbox-secret");
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("gatehouse.support.mail.from", () -> SUPPORT);
        registry.add("gatehouse.support.mail.imap-host", () -> "127.0.0.1");
        registry.add("gatehouse.support.mail.imap-port", () -> MAIL.getImap().getPort());
        registry.add("gatehouse.support.mail.imap-user", () -> "support");
        registry.add("gatehouse.support.mail.imap-password", () -> "mailbox-secret");
        registry.add("gatehouse.support.mail.imap-ssl", () -> "false");
    }

    @Autowired
    MailboxPoller poller;
    @Autowired
    TicketDesk desk;
    @Autowired
    SupportFixtures fixtures;
    @Autowired
    MutableClock clock;
    @Autowired
    io.gatehouse.support.scan.SlaScan scan;
    @Autowired
    SupportMail mail;

    @BeforeEach
    void monday() {
        clock.set(Instant.parse("2026-11-23T16:00:00Z"));
    }

    @Test
    void aContactsMailFilesATicketAndAReplyInTheThreadLandsOnIt() {
        Customer customer = fixtures.customer();

        GreenMailUtil.sendTextEmail(SUPPORT, customer.email(), "Mesh sidecars crash", "Since 10:00 every sidecar restarts.",
                MAIL.getSmtp().getServerSetup());
        assertThat(poller.poll()).isEqualTo(1);

        List<Ticket> tickets = desk.ofMyOrganization(customer.contact());
        assertThat(tickets).singleElement().satisfies(ticket -> {
            assertThat(ticket.subject()).isEqualTo("Mesh sidecars crash");
            assertThat(ticket.severity().level()).isEqualTo(3);
        });
        Ticket ticket = tickets.get(0);

        GreenMailUtil.sendTextEmail(SUPPORT, customer.email(), "Re: [" + ticket.reference() + "] Mesh sidecars crash",
                "Here is the crash log.", MAIL.getSmtp().getServerSetup());
        assertThat(poller.poll()).isEqualTo(1);
        assertThat(desk.timeline(customer.contact(), ticket.id()))
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo(TicketEvent.Kind.REPLY);
                    assertThat(e.body()).isEqualTo("Here is the crash log.");
                });
        assertThat(poller.poll()).isZero();
    }

    @Test
    void mailFromStrangersOrForAnotherOrganizationsTicketIsNotAccepted() {
        Customer acme = fixtures.customer();
        Customer globex = fixtures.customer();
        Ticket acmeTicket = desk.open(acme.contact(), new io.gatehouse.support.tickets.NewTicket("mesh", null, 3, "Acme issue",
                "Details", null));

        GreenMailUtil.sendTextEmail(SUPPORT, "stranger-" + SupportFixtures.suffix() + "@example.org", "Help", "Hi",
                MAIL.getSmtp().getServerSetup());
        GreenMailUtil.sendTextEmail(SUPPORT, globex.email(), "Re: [" + acmeTicket.reference() + "] Acme issue", "Sneaky",
                MAIL.getSmtp().getServerSetup());

        assertThat(poller.poll()).isZero();
        assertThat(desk.timeline(acme.contact(), acmeTicket.id())).noneMatch(e -> e.kind() == TicketEvent.Kind.REPLY);
        assertThat(desk.ofMyOrganization(globex.contact())).isEmpty();
    }

    @Test
    void aStaffReplyIsMailedToTheFollowersInTheTicketsThread() throws Exception {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), new io.gatehouse.support.tickets.NewTicket("gateway-enterprise", null, 2,
                "Admin API slow", "30 s per call", null));

        desk.reply(engineer, ticket.id(), "Please run the diagnostics bundle.", null, true);

        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> recipients(m).contains(customer.email())).findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("[" + ticket.reference() + "] Admin API slow");
        assertThat(mail.getHeader("In-Reply-To")[0]).isEqualTo("<ticket-" + ticket.number() + "@gatehouse>");
        assertThat(GreenMailUtil.getBody(mail)).contains("Please run the diagnostics bundle.");
    }

    @Test
    void slaAlertsAreMailedOnceToTheAssigneeOrTheSupportAddress() throws Exception {
        Customer customer = fixtures.customer();
        SupportActor engineer = fixtures.engineer();
        Ticket ticket = desk.open(customer.contact(), new io.gatehouse.support.tickets.NewTicket("gateway-enterprise", null, 1,
                "Gateway down", "All traffic fails", null));
        desk.assign(engineer, ticket.id(), engineer.userId(), null);

        clock.set(Instant.parse("2026-11-23T19:00:00Z")); // Chicago 13:00: 3 business hours after a 2-hour target
        scan.run();
        mail.mailAlerts();
        mail.mailAlerts();

        String subject = "[" + ticket.reference() + "] Gateway down";
        List<MimeMessage> alerts = Arrays.stream(MAIL.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject)).toList();
        assertThat(alerts).hasSize(2);
        assertThat(alerts).allSatisfy(m -> assertThat(recipients(m)).contains("engineer." + engineer.name()
                .substring("Engineer ".length()) + "@gatehouse.test"));
        assertThat(alerts).anySatisfy(m -> assertThat(GreenMailUtil.getBody(m)).contains("initial response clock breached"));
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
