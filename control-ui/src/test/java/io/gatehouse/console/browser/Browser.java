package io.gatehouse.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The one place that decides whether browser tests can run, and the one headless Chromium of the test JVM.
 * <p>
 * It uses Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or {@code CHROME_BIN} /
 * {@code CHROMEDRIVER_BIN}); nothing ever downloads a browser: the driver path is set explicitly, so
 * Selenium Manager never runs. When the binaries are missing the browser tests are skipped with a message,
 * except on CI ({@code CI=true}), where that is a failure.
 */
public final class Browser {

    static final String CHROMIUM = envOr("CHROME_BIN", "/usr/bin/chromium");
    static final String CHROMEDRIVER = envOr("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    private static WebDriver driver;

    private Browser() {
    }

    /** The shared browser, started on first use; skips (or on CI fails) the calling test when none is installed. */
    public static synchronized WebDriver get() {
        requireBinaries();
        if (driver == null) {
            driver = start();
            Runtime.getRuntime().addShutdownHook(new Thread(driver::quit, "chromium-stop"));
        }
        return driver;
    }

    /** The browser if one was started, for screenshots after a failure. */
    static synchronized WebDriver started() {
        return driver;
    }

    private static void requireBinaries() {
        Decision decision = decide(Path.of(CHROMIUM), Path.of(CHROMEDRIVER), System.getenv("CI"));
        switch (decision.verdict()) {
            case FAIL -> Assertions.fail(decision.message());
            case SKIP -> Assumptions.abort(decision.message());
            case RUN -> { }
        }
    }

    /** What to do with a browser test. */
    record Decision(Verdict verdict, String message) {
    }

    enum Verdict { RUN, SKIP, FAIL }

    /** Run when both binaries are there; otherwise skip, except on CI ({@code CI=true}), where that fails. */
    static Decision decide(Path chromium, Path chromedriver, String ci) {
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return new Decision(Verdict.RUN, "");
        }
        String message = "Browser tests need " + chromium + " and " + chromedriver
                + " (apt-get install -y chromium chromium-driver)";
        return "true".equalsIgnoreCase(ci)
                ? new Decision(Verdict.FAIL, message + "; on CI (CI=true) they must not be skipped.")
                : new Decision(Verdict.SKIP, message + "; skipping.");
    }

    private static WebDriver start() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile;
        try {
            profile = Files.createTempDirectory("gatehouse-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
