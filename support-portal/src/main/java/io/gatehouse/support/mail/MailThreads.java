package io.gatehouse.support.mail;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a mail thread names its ticket: {@code [GH-1042]} in the subject, and a Message-ID / References of the
 * form {@code <ticket-1042@gatehouse>} in the headers (mail clients keep both when replying).
 */
final class MailThreads {

    private static final Pattern SUBJECT = Pattern.compile("\\[GH-(\\d{1,18})]");
    private static final Pattern HEADER = Pattern.compile("<ticket-(\\d{1,18})(?:\\.[^@>]*)?@gatehouse>");

    private MailThreads() {
    }

    static String threadId(long number) {
        return "<ticket-" + number + "@gatehouse>";
    }

    static String subject(long number, String subject) {
        return "[GH-" + number + "] " + subject;
    }

    /** The ticket number named by the subject or, failing that, by In-Reply-To / References. */
    static Optional<Long> ticketNumber(String subject, String inReplyTo, String references) {
        for (String text : new String[] {subject, inReplyTo, references}) {
            if (text == null) {
                continue;
            }
            Matcher m = (text == subject ? SUBJECT : HEADER).matcher(text);
            if (m.find()) {
                return Optional.of(Long.parseLong(m.group(1)));
            }
        }
        return Optional.empty();
    }
}
