package io.gatehouse.support.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mail settings of the support desk ({@code gatehouse.support.mail.*}). Outbound mail uses Spring Mail
 * ({@code spring.mail.*}); without {@code spring.mail.host} nothing is sent. Inbound polling runs only
 * when {@code imap-host} is set.
 *
 * @param from          sender address of notifications and the address customers write to
 * @param imapHost      IMAP server of the support mailbox, or empty to not poll
 * @param imapPort      its port
 * @param imapUser      mailbox user
 * @param imapPassword  mailbox password
 * @param imapSsl       whether to use IMAPS
 * @param pollInterval  how often the mailbox is read
 * @param defaultProduct product of tickets filed by mail when the subscription has several (else its only one)
 */
@ConfigurationProperties("gatehouse.support.mail")
public record SupportMailProperties(String from, String imapHost, Integer imapPort, String imapUser, String imapPassword,
        Boolean imapSsl, Duration pollInterval, String defaultProduct) {

    public SupportMailProperties {
        from = from == null || from.isBlank() ? "support@localhost" : from;
        imapPort = imapPort == null ? 993 : imapPort;
        imapSsl = imapSsl == null || imapSsl;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
    }

    boolean polling() {
        return imapHost != null && !imapHost.isBlank();
    }
}
