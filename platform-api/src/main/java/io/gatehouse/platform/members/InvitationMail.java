package io.gatehouse.platform.members;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends invitation links by mail through the configured SMTP server ({@code GATEHOUSE_SMTP_*}); when no SMTP
 * host is configured the link is written to the log instead, so that a fresh install can still invite.
 */
@Component
class InvitationMail {

    private static final Logger log = LoggerFactory.getLogger(InvitationMail.class);

    private final ObjectProvider<JavaMailSender> mailSender;
    private final String host;
    private final String from;

    InvitationMail(ObjectProvider<JavaMailSender> mailSender, @Value("${spring.mail.host:}") String host,
            @Value("${gatehouse.mail.from:gatehouse@localhost}") String from) {
        this.mailSender = mailSender;
        this.host = host;
        this.from = from;
    }

    /** Sends the link; returns whether it went out by mail (false: logged). */
    boolean send(String to, String organizationName, String invitedBy, String link) {
        JavaMailSender sender = host == null || host.isBlank() ? null : mailSender.getIfAvailable();
        if (sender == null) {
            log.info("No SMTP server configured (GATEHOUSE_SMTP_HOST): invitation of {} to {}: {}", to,
                    organizationName, link);
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject("You are invited to " + organizationName + " on Gatehouse");
        message.setText(invitedBy + " invited you to join " + organizationName + " on Gatehouse.\n\n"
                + "Accept the invitation here:\n" + link + "\n\n"
                + "If you did not expect this, ignore this message; the link expires on its own.\n");
        try {
            sender.send(message);
            return true;
        } catch (MailException e) {
            log.warn("Could not send the invitation mail to {} ({}); the link is: {}", to, e.getMessage(), link);
            return false;
        }
    }
}
