package io.gatehouse.console.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.console.browser.Browser;
import io.gatehouse.console.browser.ScreenshotOnFailure;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.catalog.ProductVersion;
import io.gatehouse.support.kb.ArticleDraft;
import io.gatehouse.support.kb.KnowledgeBase;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.Ticket;
import io.gatehouse.support.tickets.TicketDesk;

/**
 * A customer contact files a ticket in a real headless Chromium (knowledge-base suggestions appear while the
 * subject is typed), sees its initial-response clock running, and, once a support engineer answers, sees the
 * answer in the thread and that clock stopped within its target.
 */
@ExtendWith(ScreenshotOnFailure.class)
class CustomerSupportFlowIT extends ConsoleIntegrationTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    SupportCustomers customers;
    @Autowired
    KnowledgeBase knowledgeBase;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    TicketDesk desk;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void freshBrowserSession() {
        browser = Browser.get();
        browser.manage().deleteAllCookies();
        wait = new WebDriverWait(browser, java.time.Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @Test
    void aContactFilesATicketSeesSuggestionsAndTheClockAndThenTheEngineersAnswer() {
        String word = "zk" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        knowledgeBase.save(new ArticleDraft("handle-" + word, "Handling " + word + " resets",
                "A " + word + " reset means the upstream closed the connection.", null, true));
        String version = "3.1." + (System.nanoTime() % 1_000_000);
        catalog.addVersion(new ProductVersion("gateway-enterprise", version, LocalDate.of(2023, 1, 10), false));
        Organization org = customers.organization(null);
        SignedInUser contact = customers.contact(org, "Casey Browser", PASSWORD);

        signIn(contact.email());
        open("/orgs/" + org.getSlug());
        browser.findElement(By.cssSelector("nav.sidenav")).findElement(By.linkText("Support")).click();
        wait.until(ExpectedConditions.attributeToBe(By.linkText("Support"), "aria-current", "page"));
        browser.findElement(By.linkText("File a ticket")).click();
        wait.until(ExpectedConditions.urlToBe(baseUrl() + "/orgs/" + org.getSlug() + "/support/tickets/new"));

        new Select(browser.findElement(By.id("product"))).selectByValue("gateway-enterprise");
        new Select(browser.findElement(By.id("productVersion"))).selectByValue(version);
        browser.findElement(By.cssSelector("input[name=severity][value='2']")).click();
        assertThat(text("main")).contains("Production is degraded", "Insomnia issues are severity 3 or 4 only.");

        // Typing the subject asks the knowledge base (htmx, 300 ms after the last key).
        browser.findElement(By.id("subject")).sendKeys("Gateway " + word + " on every POST");
        WebElement suggestion = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#kb-suggestions a")));
        assertThat(suggestion.getText()).isEqualTo("Handling " + word + " resets");
        assertThat(suggestion.getAttribute("href")).endsWith("/support/kb/handle-" + word);

        browser.findElement(By.id("description")).sendKeys("Every POST through the gateway is reset since Monday.");
        browser.findElement(By.cssSelector("form[action$='/support/tickets'] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches("/orgs/" + org.getSlug() + "/support/tickets/\\d+$"));

        assertThat(text("[role=status]")).contains("was filed");
        assertThat(text("#version-support")).contains("no longer supported");
        WebElement initial = browser.findElement(By.cssSelector("#clocks tr[data-metric=INITIAL_RESPONSE]"));
        assertThat(initial.getText()).contains("Running", "left");

        // A support engineer answers through the desk; the contact reloads the ticket.
        String url = browser.getCurrentUrl();
        long number = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        Ticket ticket = desk.getByNumber(SupportCustomers.actor(org, contact), number);
        SupportActor engineer = customers.engineer();
        desk.reply(engineer, ticket.id(), "We are looking at the upstream resets now.", null, false);

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"),
                "We are looking at the upstream resets now."));
        assertThat(text("#thread .entry.staff")).contains(engineer.name(), "(support)", "replied");
        assertThat(text("#clocks tr[data-metric=INITIAL_RESPONSE]")).contains("Met").doesNotContain("Running");
        assertThat(text("#ticket-status")).isEqualTo("Open");
    }

    private void signIn(String email) {
        open("/login");
        type("username", email);
        type("password", PASSWORD);
        browser.findElement(By.cssSelector("form[method=post][action$='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void open(String path) {
        browser.get(baseUrl() + path);
    }

    private void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private String text(String selector) {
        return browser.findElement(By.cssSelector(selector)).getText();
    }
}
