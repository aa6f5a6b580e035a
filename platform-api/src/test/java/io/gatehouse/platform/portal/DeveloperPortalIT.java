package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.IssuedCredential;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.portal.developers.DeveloperSignUp;
import io.gatehouse.platform.portal.developers.DeveloperStatus;
import io.gatehouse.platform.portal.developers.SignInRefusedException;
import io.gatehouse.platform.portal.settings.PortalSettings;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.testsupport.IdentityFixtures;
import tools.jackson.databind.JsonNode;

/**
 * Developers, applications, registrations and keys through the facades the portal pages use, and their
 * approval through the console's REST API: email verification from the real SMTP server, manual approval,
 * throttled sign-in, password reset, duplicate applications, registration decisions mailed to the developer,
 * and isolation between portals.
 */
class DeveloperPortalIT extends PortalITSupport {

    @Test
    void aDeveloperSignsUpVerifiesWaitsForApprovalAndSignsIn() throws Exception {
        Org org = org();
        apiPut(org, "/portal/settings", "{\"public_portal\":false,\"display_name\":\"Acme APIs\",\"developer_auto_approve\":false,"
                + "\"primary_color\":\"#112233\"}", 200);
        assertThat(portals.find(org.admin().slug())).get().satisfies(portal -> {
            assertThat(portal.title()).isEqualTo("Acme APIs");
            assertThat(portal.settings().publicPortal()).isFalse();
        });
        String email = "ann-" + IdentityFixtures.suffix() + "@example.test";
        Developer signedUp = developers.signUp(org.admin().org(), new DeveloperSignUp(email, "Ann", PASSWORD));
        assertThat(signedUp.status()).isEqualTo(DeveloperStatus.UNVERIFIED);
        assertThatThrownBy(() -> developers.signIn(org.admin().org(), email, PASSWORD, randomAddress()))
                .isInstanceOf(SignInRefusedException.class).hasMessageContaining("Confirm your email");

        String token = mailedToken(email, "verify-email");
        assertThat(developers.verifyEmail(org.admin().org(), token).status()).isEqualTo(DeveloperStatus.PENDING);
        assertThatThrownBy(() -> developers.verifyEmail(org.admin().org(), token))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Validation failed");
        assertThatThrownBy(() -> developers.signIn(org.admin().org(), email, PASSWORD, randomAddress()))
                .isInstanceOf(SignInRefusedException.class).hasMessageContaining("waiting for approval");

        apiPost(org, "/portal/developers/" + signedUp.id() + "/approve", "{}", 200);
        assertThat(subjects(email)).anyMatch(subject -> subject.contains("approved"));
        Developer signedIn = developers.signIn(org.admin().org(), email.toUpperCase(), PASSWORD, randomAddress());
        assertThat(signedIn.id()).isEqualTo(signedUp.id());

        // The same email is a separate identity on another portal.
        Org other = org();
        assertThatThrownBy(() -> developers.signIn(other.admin().org(), email, PASSWORD, randomAddress()))
                .isInstanceOf(SignInRefusedException.class).hasMessage("Wrong email or password.");
        mvc.perform(bearer(get(other.base() + "/portal/developers/" + signedUp.id()), other.token()))
                .andExpect(status().isNotFound());
        JsonNode audit = body(mvc.perform(bearer(get(org.base() + "/audit-log?entity_type=portal_developer"), org.token()))
                .andReturn());
        assertThat(audit.toString()).contains("developer.signed-up", "developer.active");
    }

    @Test
    void wrongPasswordsAreThrottledAndAPasswordCanBeReset() throws Exception {
        Org org = org();
        Developer developer = verifiedDeveloper(org);
        String address = randomAddress();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> developers.signIn(org.admin().org(), developer.email(), "wrong password!", address))
                    .isInstanceOf(SignInRefusedException.class)
                    .extracting(e -> ((SignInRefusedException) e).reason())
                    .isEqualTo(SignInRefusedException.Reason.BAD_CREDENTIALS);
        }
        assertThatThrownBy(() -> developers.signIn(org.admin().org(), developer.email(), PASSWORD, address))
                .isInstanceOf(SignInRefusedException.class).hasMessageContaining("Too many failed sign-ins");

        developers.requestPasswordReset(org.admin().org(), developer.email());
        developers.requestPasswordReset(org.admin().org(), "nobody-" + IdentityFixtures.suffix() + "@example.test");
        String reset = mailedToken(developer.email(), "reset-password");
        assertThatThrownBy(() -> developers.resetPassword(org.admin().org(), reset, "short"))
                .isInstanceOf(InvalidInputException.class);
        developers.resetPassword(org.admin().org(), reset, "a brand new password");
        assertThatThrownBy(() -> developers.resetPassword(org.admin().org(), reset, "another new password"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void applicationsRegistrationsAndDecisions() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:9", "orders");
        JsonNode version = publishedVersion(org, cp, "orders", "manual", null);
        UUID planId = catalog.plans(org.admin().org(), id(version)).get(0).id();
        Developer developer = verifiedDeveloper(org);

        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Shop", "my shop"));
        assertThatThrownBy(() -> applications.create(org.admin().org(), developer.id(), new ApplicationDraft("shop", null)))
                .isInstanceOf(ConflictException.class).hasMessage("You already have an application named 'shop'; choose another name.");
        assertThatThrownBy(() -> applications.create(org.admin().org(), developer.id(), new ApplicationDraft(" ", null)))
                .isInstanceOf(InvalidInputException.class);

        Registration pending = registrations.request(org.admin().org(), developer.id(), app.id(), id(version), planId);
        assertThat(pending.status()).isEqualTo(RegistrationStatus.PENDING);
        assertThat(pending.productName()).startsWith("Product ");
        assertThatThrownBy(() -> registrations.request(org.admin().org(), developer.id(), app.id(), id(version), planId))
                .isInstanceOf(ConflictException.class);
        mvc.perform(bearer(get(org.base() + "/portal/registrations?status=pending"), org.token()))
                .andExpect(jsonPath("$.data[0].id").value(pending.id().toString()));

        JsonNode noReason = apiPost(org, "/portal/registrations/" + pending.id() + "/reject", "{}", 400);
        assertThat(noReason.get("errors").get(0).get("field").asString()).isEqualTo("reason");
        JsonNode rejected = apiPost(org, "/portal/registrations/" + pending.id() + "/reject",
                "{\"reason\":\"Tell us more about your shop first\"}", 200);
        assertThat(rejected.get("status").asString()).isEqualTo("rejected");
        waitForSubject(developer.email(), "not approved");

        Registration again = registrations.request(org.admin().org(), developer.id(), app.id(), id(version), planId);
        apiPost(org, "/portal/registrations/" + again.id() + "/approve", "{}", 200);
        waitForSubject(developer.email(), "approved");
        apiPost(org, "/portal/registrations/" + again.id() + "/approve", "{}", 409);

        IssuedCredential key = credentials.issueKey(org.admin().org(), developer.id(), app.id(), null);
        assertThat(key.secret()).startsWith("gh_key_");
        JsonNode listed = body(mvc.perform(bearer(get(org.base() + "/portal/applications/" + app.id() + "/credentials"),
                org.token())).andReturn());
        assertThat(listed.toString()).doesNotContain(key.secret()).contains(key.credential().displayPrefix());

        // Another developer, and another organization, see none of it.
        Developer stranger = verifiedDeveloper(org);
        assertThatThrownBy(() -> applications.get(org.admin().org(), stranger.id(), app.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> credentials.revoke(org.admin().org(), stranger.id(), key.credential().id()))
                .isInstanceOf(NotFoundException.class);
        Org other = org();
        assertThatThrownBy(() -> applications.get(other.admin().org(), app.id())).isInstanceOf(NotFoundException.class);
        mvc.perform(bearer(get(other.base() + "/portal/registrations/" + again.id()), other.token()))
                .andExpect(status().isNotFound());
        mvc.perform(bearer(get(org.base() + "/portal/registrations/" + again.id()), other.token()))
                .andExpect(status().isNotFound());
    }

    @Test
    void settingsAreValidated() throws Exception {
        Org org = org();
        JsonNode bad = apiPut(org, "/portal/settings", "{\"logo_url\":\"javascript:alert(1)\",\"primary_color\":\"red\","
                + "\"custom_host\":\"not a host\"}", 400);
        assertThat(bad.get("errors").toString()).contains("logo_url", "primary_color", "custom_host");
        String host = "dev-" + IdentityFixtures.suffix() + ".example.com";
        apiPut(org, "/portal/settings", "{\"custom_host\":\"" + host + "\"}", 200);
        assertThat(portals.findByHost(host.toUpperCase() + ":443")).get().extracting(p -> p.org()).isEqualTo(org.admin().org());
        Org other = org();
        apiPut(other, "/portal/settings", "{\"custom_host\":\"" + host + "\"}", 409);
        PortalSettings settings = portals.settings(other.admin().org());
        assertThat(settings.customHost()).isNull();
        for (String refused : new String[] {"https://" + host, host + ":8443", "10.0.0.1", host + "/portal", "dev..example.com"}) {
            JsonNode problem = apiPut(other, "/portal/settings", "{\"custom_host\":\"" + refused + "\"}", 400);
            assertThat(problem.get("errors").get(0).get("field").asString()).as(refused).isEqualTo("custom_host");
        }

        String moved = "docs-" + IdentityFixtures.suffix() + ".example.com";
        apiPut(org, "/portal/settings", "{\"custom_host\":\"" + moved.toUpperCase() + ".\"}", 200);
        assertThat(portals.settings(org.admin().org()).customHost()).as("stored lower case, without the root dot").isEqualTo(moved);
        assertThat(portals.findByHost(host)).as("the old host serves nothing at once").isEmpty();
        assertThat(portals.findByHost(moved)).get().extracting(p -> p.org()).isEqualTo(org.admin().org());
        apiPut(other, "/portal/settings", "{\"custom_host\":\"" + host + "\"}", 200);
        assertThat(portals.findByHost(host)).as("a released host may be taken").get().extracting(p -> p.org())
                .isEqualTo(other.admin().org());
    }

    private static void waitForSubject(String email, String words) throws Exception {
        for (int attempt = 0; attempt < 50 && subjects(email).stream().noneMatch(s -> s.contains(words)); attempt++) {
            MAIL.waitForIncomingEmail(200, MAIL.getReceivedMessages().length + 1);
        }
        assertThat(subjects(email)).anyMatch(subject -> subject.contains(words));
    }
}
