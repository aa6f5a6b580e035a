package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.console.browser.BrowserIntegrationTest;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.sync.SyncEndpoint;

/**
 * "Connect a gateway" in a real headless Chromium with a real gateway: the customer creates a gateway token on
 * the Gateways page, a gateway started in-process with exactly the command the page shows (the token, the
 * control plane's sync address, its certificate) connects, and the open page shows the node connected and
 * synced without being reloaded (server-sent events); revoking the token in the list disconnects the gateway,
 * and the page shows it offline, still without a reload.
 */
class GatewayFleetFlowIT extends BrowserIntegrationTest {

    @Autowired
    SyncEndpoint endpoint;
    @TempDir
    Path directory;

    private SyncedGateway gateway;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aGatewayStartedWithTheShownCommandAppearsLiveAndGoesOfflineWhenItsTokenIsRevoked() throws Exception {
        String slug = "fleet-" + suffix;
        browser.get(baseUrl() + "/signup");
        type("name", "Flo Fleet");
        type("email", "flo-" + suffix + "@example.com");
        type("password", "correct horse battery");
        type("organizationName", "Fleet Co " + suffix);
        type("organizationSlug", slug);
        submit("form[action$='/signup']");
        wait.until(ExpectedConditions.urlToBe(baseUrl() + "/orgs/" + slug));
        browser.get(baseUrl() + "/orgs/" + slug + "/control-planes");
        type("name", "edge");
        submit("#control-plane-form");
        wait.until(ExpectedConditions.urlMatches("/control-planes/[0-9a-f-]{36}/services$"));

        browser.findElement(By.linkText("Gateways")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nodes"), "No gateway has connected yet"));
        type("name", "edge fleet");
        submit("#token-form");
        String token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token"))).getText();
        String command = text("#connect-command");
        assertThat(command).startsWith("java -jar gatehouse-gateway.jar --control-plane wss://")
                .contains("--token " + token, "--trust sync-cert.pem");

        // The page must not reload from here on: a reload would forget this marker.
        ((JavascriptExecutor) browser).executeScript("window.gatehouseNotReloaded = true;");
        String nodeId = "edge-" + suffix;
        gateway = start(command, nodeId);

        String row = wait.until(driver -> {
            String text = rowText(nodeId);
            return text.contains("Synced") && text.contains("Connected") ? text : null;
        });
        assertThat(row).contains("0.1.0", "revision 0 of 0");
        assertThat(notReloaded()).isTrue();
        wait.until(driver -> text("#tokens").contains("Active") && !text("#tokens").contains("Never"));

        wait.until(driver -> {
            driver.findElement(By.cssSelector("#tokens button[aria-label='Revoke edge fleet']")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tokens"), "Revoked"));
        wait.until(driver -> rowText(nodeId).contains("Offline"));
        assertThat(notReloaded()).isTrue();
        wait.until(driver -> String.valueOf(gateway.syncStatus().lastError()).contains("revoked"));

        // A reload (no JavaScript needed) shows the same, and the token only as its prefix.
        browser.get(browser.findElement(By.linkText("Gateways")).getAttribute("href"));
        wait.until(driver -> rowText(nodeId).contains("Offline"));
        assertThat(browser.getPageSource()).doesNotContain(token);
    }

    /** Runs the page's command in-process: its flags, the certificate downloaded next to it, a cache directory. */
    private SyncedGateway start(String command, String nodeId) throws Exception {
        Files.writeString(directory.resolve("sync-cert.pem"), endpoint.certificatePem().orElseThrow(),
                StandardCharsets.US_ASCII);
        String[] shown = command.substring("java -jar gatehouse-gateway.jar ".length()).split(" ");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.Arrays.asList(shown));
        int trust = args.indexOf("--trust");
        args.set(trust + 1, directory.resolve(args.get(trust + 1)).toString());
        args.addAll(java.util.List.of("--cache-dir", directory.resolve("cache").toString(), "--node-id", nodeId,
                "--host", "127.0.0.1", "--port", "0", "--status-port", "0", "--heartbeat-seconds", "1",
                "--max-backoff-seconds", "1"));
        return SyncedGateway.start(args.toArray(String[]::new), Map.of());
    }

    /** The text of the node's row; NoSuchElementException (which the waits ignore) while it is not on the page. */
    private String rowText(String nodeId) {
        return browser.findElement(By.cssSelector("#nodes tr[data-node='" + nodeId + "']")).getText();
    }

    private boolean notReloaded() {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("return window.gatehouseNotReloaded === true;"));
    }
}
