package io.gatehouse.console.browser;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.gatehouse.console.ConsoleIntegrationTest;

/**
 * The base of the tests that drive the console in the real headless Chromium: each test starts with no cookies,
 * a {@code wait} that looks again when htmx replaced what it was looking at, a random {@code suffix} for the
 * names it creates, and the few page actions every flow uses. A failed test leaves a screenshot.
 */
@ExtendWith(ScreenshotOnFailure.class)
public abstract class BrowserIntegrationTest extends ConsoleIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    protected WebDriver browser;
    protected WebDriverWait wait;
    protected String suffix;

    @BeforeEach
    void freshBrowserSession() {
        browser = Browser.get();
        browser.manage().deleteAllCookies();
        wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    protected void open(String path) {
        browser.get(baseUrl() + path);
    }

    protected void waitForPath(String path) {
        wait.until(ExpectedConditions.urlToBe(baseUrl() + path));
    }

    protected void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    protected void submit(String formSelector) {
        browser.findElement(By.cssSelector(formSelector + " button[type=submit]")).click();
    }

    protected String text(String selector) {
        return browser.findElement(By.cssSelector(selector)).getText();
    }
}
