package io.gatehouse.platform.members;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;

@ExtendWith(OutputCaptureExtension.class)
class InvitationMailTests {

    @Test
    void withoutAnSmtpHostTheLinkGoesToTheLog(CapturedOutput output) {
        InvitationMail mail = new InvitationMail(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
                "", "gatehouse@localhost");

        boolean mailed = mail.send("new@example.test", "Acme", "admin@acme.test", "http://localhost/invitations/inv_abc");

        assertThat(mailed).isFalse();
        assertThat(output).contains("http://localhost/invitations/inv_abc").contains("GATEHOUSE_SMTP_HOST");
    }
}
