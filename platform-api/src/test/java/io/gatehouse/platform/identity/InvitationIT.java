package io.gatehouse.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.platform.members.InvitationPreview;
import io.gatehouse.platform.members.Invitations;
import io.gatehouse.platform.shared.errors.ForbiddenException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/** Invitations by email link: the mail reaches a real SMTP server, and the link makes the invitee a member once. */
class InvitationIT extends IdentityITSupport {

    private static final Pattern LINK = Pattern.compile("/invitations/(inv_[A-Za-z0-9]+)");

    @Autowired
    Invitations invitations;

    @Test
    void anInviteeReceivesTheLinkByMailAndJoinsWithANewAccount() throws Exception {
        TestUser admin = signUp();
        String invitee = "invitee-" + IdentityFixtures.suffix() + "@example.test";

        var created = mvc.perform(bearer(json(post("/api/v1/organizations/" + admin.slug() + "/invitations"),
                "{\"email\":\"" + invitee + "\",\"role\":\"EDITOR\"}"), pat(admin))).andReturn();

        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(created.getResponse().getContentAsString()).doesNotContain("inv_");
        String token = linkMailedTo(invitee);
        InvitationPreview preview = invitations.preview(token);
        assertThat(preview.organizationSlug()).isEqualTo(admin.slug());
        assertThat(preview.role()).isEqualTo(OrgRole.EDITOR);
        assertThat(preview.existingAccount()).isFalse();

        Invitations.AcceptedInvitation accepted = invitations.acceptWithNewAccount(token, "Invited Person", PASSWORD);

        assertThat(accepted.organization().getSlug()).isEqualTo(admin.slug());
        JsonNode members = body(mvc.perform(bearer(get("/api/v1/organizations/" + admin.slug() + "/members"), pat(admin)))
                .andReturn());
        assertThat(members.findValuesAsString("email")).contains(invitee);
        assertThat(login(invitee, PASSWORD, randomAddress(), null).getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThatThrownBy(() -> invitations.preview(token)).as("a link works once").isInstanceOf(NotFoundException.class);
        JsonNode list = body(mvc.perform(bearer(get("/api/v1/organizations/" + admin.slug() + "/invitations"), pat(admin)))
                .andReturn());
        assertThat(list.get(0).get("status").asString()).isEqualTo("ACCEPTED");
        JsonNode audit = body(mvc.perform(bearer(get("/api/v1/organizations/" + admin.slug()
                + "/audit-log?entity_type=invitation&action=accept"), pat(admin))).andReturn());
        assertThat(audit.get("items").get(0).get("actorName").asString()).isEqualTo(invitee);
    }

    @Test
    void anExistingUserAcceptsWhenSignedInWithTheInvitedEmailOnly() throws Exception {
        TestUser admin = signUp();
        TestUser existing = signUp();
        TestUser stranger = signUp();
        mvc.perform(bearer(json(post("/api/v1/organizations/" + admin.slug() + "/invitations"),
                "{\"email\":\"" + existing.email().toUpperCase() + "\",\"role\":\"VIEWER\"}"), pat(admin))).andReturn();
        String token = linkMailedTo(existing.email());
        assertThat(invitations.preview(token).existingAccount()).isTrue();

        assertThatThrownBy(() -> invitations.acceptAs(token, stranger.userId())).isInstanceOf(ForbiddenException.class);
        var joined = invitations.acceptAs(token, existing.userId());

        assertThat(joined.getSlug()).isEqualTo(admin.slug());
        assertThat(mvc.perform(bearer(get("/api/v1/organizations/" + admin.slug()),
                pat(existing, admin.org(), OrgRole.VIEWER))).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aRevokedInvitationLinkIsDead() throws Exception {
        TestUser admin = signUp();
        String invitee = "revoked-" + IdentityFixtures.suffix() + "@example.test";
        JsonNode created = body(mvc.perform(bearer(json(post("/api/v1/organizations/" + admin.slug() + "/invitations"),
                "{\"email\":\"" + invitee + "\",\"role\":\"VIEWER\"}"), pat(admin))).andReturn());
        String token = linkMailedTo(invitee);

        var revoked = mvc.perform(bearer(delete("/api/v1/organizations/" + admin.slug() + "/invitations/"
                + created.get("id").asString()), pat(admin))).andReturn();

        assertThat(revoked.getResponse().getStatus()).isEqualTo(200);
        assertThatThrownBy(() -> invitations.preview(token)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> invitations.acceptWithNewAccount(token, "Late", PASSWORD))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMemberCannotBeInvitedAgain() throws Exception {
        TestUser admin = signUp();

        var again = mvc.perform(bearer(json(post("/api/v1/organizations/" + admin.slug() + "/invitations"),
                "{\"email\":\"" + admin.email() + "\",\"role\":\"VIEWER\"}"), pat(admin))).andReturn();

        assertThat(again.getResponse().getStatus()).isEqualTo(409);
    }

    /** Waits (at most 10 s) for the invitation mail to this address and returns the token of its link. */
    private static String linkMailedTo(String address) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<MimeMessage> mail = Arrays.stream(MAIL.getReceivedMessages())
                    .filter(m -> recipient(m).equalsIgnoreCase(address)).findFirst();
            if (mail.isPresent()) {
                Matcher link = LINK.matcher(String.valueOf(mail.get().getContent()));
                assertThat(link.find()).as("the mail holds the link").isTrue();
                assertThat(mail.get().getSubject()).contains("invited");
                return link.group(1);
            }
            MAIL.waitForIncomingEmail(500, MAIL.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no invitation mail reached " + address);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
