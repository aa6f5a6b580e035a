package io.gatehouse.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.gatehouse.console.TestMail;

/**
 * The console in a real headless Chromium, against the whole control plane on a random port with a real
 * PostgreSQL and a real SMTP server: what a new customer does on their first day.
 */
class ConsoleFlowIT extends BrowserIntegrationTest {

    private static final Pattern INVITATION_LINK = Pattern.compile("/invitations/(inv_[A-Za-z0-9_-]+)");
    private static final String PASSWORD = "correct horse battery";

    @Test
    void signUpSignInInviteAMemberWhoAcceptsCreateATokenAndSeeItInTheAuditLog() throws Exception {
        String admin = "admin-" + suffix + "@example.com";
        String invitee = "dev-" + suffix + "@example.com";
        String slug = "acme-" + suffix;

        // Sign up: a user and their first organization; signed in straight away.
        open("/signup");
        type("name", "Ada Admin");
        type("email", admin);
        type("password", PASSWORD);
        type("organizationName", "Acme " + suffix);
        type("organizationSlug", slug);
        submit("form[action$='/signup']");
        waitForPath("/orgs/" + slug);
        assertThat(heading()).isEqualTo("Acme " + suffix);
        assertThat(text(".whoami")).contains("Ada Admin", admin);

        // Sign out, then sign in with the new password.
        signOut();
        assertThat(text("[role=status]")).contains("You are signed out.");
        signIn(admin, PASSWORD);
        waitForPath("/orgs/" + slug);

        // Invite a member by email: the link arrives by mail.
        navigate("Members & invitations");
        type("email", invitee);
        new Select(browser.findElement(By.id("role"))).selectByValue("EDITOR");
        submit("form[action$='/members/invitations']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                "Invitation sent to " + invitee));
        assertThat(text("main")).contains(invitee, "Pending");
        String mail = TestMail.awaitMailTo(invitee, Duration.ofSeconds(20));
        Matcher link = INVITATION_LINK.matcher(mail);
        assertThat(link.find()).as("an invitation link in the mail:%n%s", mail).isTrue();

        // The invitee opens the link, creates their account and lands in the organization.
        signOut();
        open("/invitations/" + link.group(1));
        assertThat(heading()).isEqualTo("Join Acme " + suffix);
        type("name", "Dev Eloper");
        type("password", PASSWORD);
        submit("form[action*='/invitations/']");
        waitForPath("/orgs/" + slug);
        assertThat(text(".whoami")).contains("Dev Eloper", invitee);
        navigate("Members & invitations");
        assertThat(text("main")).contains("Ada Admin", "Dev Eloper");

        // Back as the admin: create a personal access token, shown once.
        signOut();
        signIn(admin, PASSWORD);
        waitForPath("/orgs/" + slug);
        navigate("Personal access tokens");
        type("name", "ci-" + suffix);
        submit("form[action$='/tokens']");
        String token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token"))).getText();
        assertThat(token).startsWith("gh_pat_");
        assertThat(text("tbody")).contains("ci-" + suffix, "Active", "Never");

        // The audit log shows it; filtering refreshes the table in place (htmx) and keeps the URL in step.
        navigate("Audit log");
        assertThat(text("#audit-results")).contains("personal_access_token", "accept", "invitation", "membership");
        type("entityType", "personal_access_token");
        submit("form[hx-get]");
        wait.until(ExpectedConditions.urlContains("entityType=personal_access_token"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#audit-results caption"),
                "1 event(s)"));
        assertThat(text("#audit-results tbody")).contains("create", "personal_access_token", admin)
                .doesNotContain("invitation");

        Path screenshot = ScreenshotOnFailure.save(browser, "ConsoleFlowIT-audit-log");
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void aFormThatFailsValidationShowsEachMessageNextToItsField() {
        open("/signup");
        type("name", "Val Idation");
        type("email", "not-an-email");
        type("password", "short");
        type("organizationName", "Org " + suffix);
        type("organizationSlug", "-Bad Slug-");
        submit("form[action$='/signup']");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-error")));

        WebElement password = browser.findElement(By.id("password"));
        assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(password.getAttribute("aria-describedby")).isEqualTo("password-error");
        assertThat(password.getAttribute("value")).isEmpty();
        assertThat(text("#password-error")).contains("between 10 and 128");
        assertThat(text("#email-error")).contains("email");
        assertThat(text("#organizationSlug-error")).contains("lower-case letters");
        assertThat(browser.findElements(By.id("name-error"))).isEmpty();
        // What was typed (except the password) is kept.
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Val Idation");
    }

    @Test
    void anHtmxActionThatIsRefusedShowsWhyInThePageWithoutLeavingIt() {
        String slug = "solo-" + suffix;
        open("/signup");
        type("name", "Solo Admin");
        type("email", "solo-" + suffix + "@example.com");
        type("password", PASSWORD);
        type("organizationName", "Solo " + suffix);
        type("organizationSlug", slug);
        submit("form[action$='/signup']");
        waitForPath("/orgs/" + slug);
        navigate("Members & invitations");

        // The only admin may not demote themselves: htmx posts the change, the 409 lands in the message region.
        WebElement role = browser.findElement(By.cssSelector("select[id^='role-']"));
        new Select(role).selectByValue("VIEWER");
        browser.findElement(By.cssSelector("form[action$='/role'] button[type=submit]")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "An organization needs at least one admin"));
        assertThat(browser.getCurrentUrl()).isEqualTo(baseUrl() + "/orgs/" + slug + "/members");
        assertThat(text("#messages [role=alert]")).contains("409");
        assertThat(browser.findElements(By.cssSelector("nav.sidenav"))).hasSize(1);
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessage() {
        signIn("nobody-" + suffix + "@example.com", "wrong password!");
        wait.until(ExpectedConditions.urlContains("/login?error"));
        assertThat(text("#login-error")).isEqualTo("The email or password is not correct.");
    }

    private void navigate(String linkText) {
        browser.findElement(By.cssSelector("nav.sidenav")).findElement(By.linkText(linkText)).click();
        wait.until(ExpectedConditions.attributeToBe(By.linkText(linkText), "aria-current", "page"));
    }

    private void signIn(String email, String password) {
        open("/login");
        type("username", email);
        type("password", password);
        submit("form[method=post][action$='/login']");
    }

    private void signOut() {
        submit("form[action$='/logout']");
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    private String heading() {
        return text("h1");
    }
}
