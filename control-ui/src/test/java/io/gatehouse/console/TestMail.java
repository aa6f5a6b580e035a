package io.gatehouse.console;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server in the test JVM (GreenMail, on an ephemeral port), started once and shared by every
 * test context, which points {@code spring.mail} at it. Tests find their mail by recipient, so they do not
 * see each other's.
 */
public final class TestMail {

    private static final GreenMail SERVER = start();

    private TestMail() {
    }

    private static GreenMail start() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
        return server;
    }

    public static String host() {
        return SERVER.getSmtp().getBindTo();
    }

    public static int port() {
        return SERVER.getSmtp().getPort();
    }

    /** The body of the first mail sent to {@code recipient}, waiting up to {@code timeout} for it. */
    public static String awaitMailTo(String recipient, Duration timeout) {
        return await().atMost(timeout)
                .until(() -> find(recipient), Optional::isPresent)
                .map(message -> GreenMailUtil.getBody(message))
                .orElseThrow();
    }

    private static Optional<MimeMessage> find(String recipient) {
        return Arrays.stream(SERVER.getReceivedMessages())
                .filter(message -> isFor(message, recipient))
                .findFirst();
    }

    private static boolean isFor(MimeMessage message, String recipient) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().toLowerCase().contains(recipient.toLowerCase()));
        } catch (MessagingException e) {
            return false;
        }
    }
}
