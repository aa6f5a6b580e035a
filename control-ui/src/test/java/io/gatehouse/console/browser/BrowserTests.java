package io.gatehouse.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gatehouse.console.browser.Browser.Verdict;

/** Whether browser tests run, skip or fail, decided from the binaries and the CI flag. */
class BrowserTests {

    @TempDir
    Path dir;

    @Test
    void runsWhenBothBinariesAreExecutable() throws IOException {
        assertThat(Browser.decide(executable("chromium"), executable("chromedriver"), "true").verdict())
                .isEqualTo(Verdict.RUN);
    }

    @Test
    void skipsWithAMessageWhenABinaryIsMissing() throws IOException {
        Browser.Decision decision = Browser.decide(executable("chromium"), dir.resolve("chromedriver"), null);

        assertThat(decision.verdict()).isEqualTo(Verdict.SKIP);
        assertThat(decision.message()).contains("chromedriver", "apt-get install -y chromium chromium-driver");
    }

    @Test
    void failsOnCiWhenABinaryIsMissing() {
        Browser.Decision decision = Browser.decide(dir.resolve("chromium"), dir.resolve("chromedriver"), "true");

        assertThat(decision.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(decision.message()).contains("CI=true");
    }

    private Path executable(String name) throws IOException {
        return Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
