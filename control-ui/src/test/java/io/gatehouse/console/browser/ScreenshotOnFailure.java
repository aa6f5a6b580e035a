package io.gatehouse.console.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Saves a screenshot and the page source of the shared browser into {@code target/browser/} when a test fails. */
public class ScreenshotOnFailure implements TestWatcher {

    static final Path DIRECTORY = Path.of("target", "browser");

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        WebDriver driver = Browser.started();
        if (driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        try {
            save(driver, name);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Writes {@code <name>.png} and {@code <name>.html} of the current page; returns the screenshot. */
    public static Path save(WebDriver driver, String name) throws IOException {
        Files.createDirectories(DIRECTORY);
        Path png = DIRECTORY.resolve(name + ".png");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, png, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(DIRECTORY.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        return png;
    }
}
