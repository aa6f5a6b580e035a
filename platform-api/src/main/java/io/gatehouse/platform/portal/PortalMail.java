package io.gatehouse.platform.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gatehouse.platform.portal.settings.PortalHosts;

/**
 * Mail to developers through the platform's Spring Mail setup ({@code GATEHOUSE_SMTP_*}), sent after the
 * transaction that caused it commits (a rolled-back sign-up mails nothing). Without an SMTP host the message
 * is logged instead, so a fresh install can still verify developers.
 */
@Component
public class PortalMail {

    private static final Logger log = LoggerFactory.getLogger(PortalMail.class);

    private final ObjectProvider<JavaMailSender> mailSender;
    private final String host;
    private final String from;
    private final String publicUrl;
    private final PortalHosts portalHosts;

    PortalMail(ObjectProvider<JavaMailSender> mailSender, @Value("${spring.mail.host:}") String host,
            @Value("${gatehouse.mail.from:gatehouse@localhost}") String from,
            @Value("${gatehouse.public-url}") String publicUrl, PortalHosts portalHosts) {
        this.mailSender = mailSender;
        this.portalHosts = portalHosts;
        this.host = host;
        this.from = from;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /**
     * The absolute address of a portal page: {@code <scheme>://<custom host><path>} when the portal has a custom
     * host (the scheme of the public URL), else {@code <public-url>/portal/<slug><path>}.
     */
    public String portalLink(String orgSlug, String path) {
        return portalHosts.hostOf(orgSlug)
                .map(custom -> publicUrl.substring(0, publicUrl.indexOf("://") + 3) + custom + path)
                .orElseGet(() -> publicUrl + "/portal/" + orgSlug + path);
    }

    /** Sends a plain-text message after commit (at once outside a transaction). */
    public void send(String to, String subject, String text) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver(to, subject, text);
                }
            });
        } else {
            deliver(to, subject, text);
        }
    }

    private void deliver(String to, String subject, String text) {
        JavaMailSender sender = host == null || host.isBlank() ? null : mailSender.getIfAvailable();
        if (sender == null) {
            log.info("No SMTP server configured (GATEHOUSE_SMTP_HOST): mail to {}: {}\n{}", to, subject, text);
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            sender.send(message);
        } catch (MailException e) {
            log.warn("Could not send the portal mail '{}' to {} ({}):\n{}", subject, to, e.getMessage(), text);
        }
    }
}
