package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.gatehouse.console.browser.BrowserIntegrationTest;

/**
 * A customer configures their gateway in a real headless Chromium: a control plane, a service (after a
 * rejected port shown next to its field, swapped in by htmx), a route, key-auth on the service, and a
 * consumer with a key shown once; and an upstream with targets (after a rejected weight) behind a service
 * whose regex route gets a rate limit. Everything then appears in its list.
 */
class GatewayConsoleFlowIT extends BrowserIntegrationTest {

    @Test
    void createAServiceWithARouteKeyAuthAndAConsumerWithAKey() {
        signUpWithAControlPlane("production");

        // A port out of range: the gateway's validator says so next to the field; htmx swaps only the form.
        type("name", "orders");
        type("host", "orders.internal");
        type("port", "70000");
        String pageUrl = browser.getCurrentUrl();
        submit("#service-form form");
        WebElement portError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("port-error")));
        assertThat(portError.getText()).isNotBlank();
        assertThat(browser.findElement(By.id("port")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("port")).getAttribute("aria-describedby")).isEqualTo("port-error");
        assertThat(browser.getCurrentUrl()).isEqualTo(pageUrl);
        assertThat(browser.findElement(By.id("host")).getAttribute("value")).isEqualTo("orders.internal");

        // Corrected, the service is created and the browser goes to its page.
        type("port", "8080");
        submit("#service-form form");
        wait.until(ExpectedConditions.urlMatches("/services/orders$"));
        assertThat(text("h1")).isEqualTo("Service orders");

        // A route.
        type("route-name", "orders-api");
        type("route-paths", "/orders");
        type("route-methods", "GET, POST");
        submit("#route-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes"), "orders-api"));
        assertThat(text("#routes")).contains("/orders", "GET, POST");

        // key-auth on the service, from the form built from its schema.
        new Select(browser.findElement(By.id("plugin-choice"))).selectByValue("key-auth");
        submit("#plugin-picker");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plugin-form")));
        assertThat(text("#plugin-form")).contains("key_names", "Default:");
        submit("#plugin-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugins"), "key-auth"));

        // A consumer with a key, shown once.
        browser.findElement(By.linkText("Consumers")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("consumer-form")));
        type("username", "mobile-app");
        submit("#consumer-form");
        wait.until(ExpectedConditions.urlMatches("/consumers/mobile-app$"));
        String consumerPage = browser.getCurrentUrl();
        submit("#key-form");
        String key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).getText();
        assertThat(key).hasSizeGreaterThan(16);
        assertThat(browser.findElements(By.cssSelector("#keys tbody tr"))).hasSize(1);
        browser.get(consumerPage);
        assertThat(browser.findElements(By.id("new-key"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(key);
        assertThat(browser.findElements(By.cssSelector("#keys tbody tr"))).hasSize(1);

        // Everything is in its list.
        browser.findElement(By.linkText("production: consumers")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("consumer-results"), "mobile-app"));
        browser.findElement(By.linkText("Services")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("service-results"), "orders"));
        assertThat(text("#service-results")).contains("orders.internal");
        browser.findElement(By.linkText("orders")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugins"), "key-auth"));
        assertThat(text("#routes")).contains("orders-api");
    }

    @Test
    void createAnUpstreamWithTargetsAndARouteWithAPlugin() {
        signUpWithAControlPlane("staging");

        // An upstream with a health check, created through the htmx-swapped form.
        browser.findElement(By.linkText("Upstreams")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upstream-form")));
        type("name", "orders-pool");
        new Select(browser.findElement(By.id("algorithm"))).selectByValue("least-connections");
        browser.findElement(By.cssSelector("#upstream-form summary")).click();
        type("healthchecks-active-http_path", "/health");
        submit("#upstream-form form");
        wait.until(ExpectedConditions.urlMatches("/upstreams/orders-pool$"));
        assertThat(text("h1")).isEqualTo("Upstream orders-pool");
        assertThat(browser.findElement(By.id("healthchecks-active-http_path")).getAttribute("value")).isEqualTo("/health");

        // A target with a weight out of range: the gateway's message next to the field; then two good ones.
        type("target-target", "orders-a.internal:8080");
        type("target-weight", "70000");
        submit("#target-form");
        WebElement weightError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-weight-error")));
        assertThat(weightError.getText()).contains("65535");
        assertThat(browser.findElement(By.id("target-target")).getAttribute("value")).isEqualTo("orders-a.internal:8080");
        type("target-weight", "50");
        submit("#target-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("targets"), "orders-a.internal:8080"));
        type("target-target", "orders-b.internal:8080");
        submit("#target-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("targets"), "orders-b.internal:8080"));
        assertThat(browser.findElements(By.cssSelector("#targets tbody tr"))).hasSize(2);
        assertThat(text("#targets")).contains("50", "100");

        // A service on the upstream, and a regex route with a header match.
        browser.findElement(By.linkText("Services")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("service-form")));
        type("name", "orders");
        type("host", "orders-pool");
        submit("#service-form form");
        wait.until(ExpectedConditions.urlMatches("/services/orders$"));
        type("route-name", "order-by-id");
        type("route-paths", "~/orders/(?<id>\\d+)$");
        type("route-headers", "X-Version: v2");
        submit("#route-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes"), "order-by-id"));

        // The route's page, then a rate limit on that route from the form built from its schema.
        browser.findElement(By.linkText("order-by-id")).click();
        wait.until(ExpectedConditions.urlMatches("/routes/order-by-id$"));
        assertThat(browser.findElement(By.id("headers")).getAttribute("value")).isEqualTo("X-Version: v2");
        browser.findElement(By.id("add-plugin")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plugin-picker")));
        assertThat(text("#plugin-scope")).isEqualTo("route order-by-id");
        new Select(browser.findElement(By.id("plugin-choice"))).selectByValue("rate-limiting");
        submit("#plugin-picker");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plugin-form")));
        type("config-minute", "5");
        submit("#plugin-form");
        wait.until(ExpectedConditions.urlMatches("/routes/[0-9a-f-]{36}$"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugins"), "rate-limiting"));
        assertThat(text("#plugins")).contains("\"minute\":5");

        // The plugins list shows it with its scope.
        browser.findElement(By.linkText("Plugins")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("all-plugins"), "rate-limiting"));
        assertThat(text("#all-plugins")).contains("route order-by-id");
    }

    private void signUpWithAControlPlane(String planeName) {
        String slug = "gw-" + suffix;
        browser.get(baseUrl() + "/signup");
        type("name", "Gail Gateway");
        type("email", "gail-" + suffix + "@example.com");
        type("password", "correct horse battery");
        type("organizationName", "Gateway Co " + suffix);
        type("organizationSlug", slug);
        submit("form[action$='/signup']");
        wait.until(ExpectedConditions.urlToBe(baseUrl() + "/orgs/" + slug));

        // A control plane, from the navigation.
        browser.findElement(By.cssSelector("nav.sidenav")).findElement(By.linkText("Control planes")).click();
        wait.until(ExpectedConditions.attributeToBe(By.linkText("Control planes"), "aria-current", "page"));
        type("name", planeName);
        type("labels", "env=prod");
        submit("#control-plane-form");
        wait.until(ExpectedConditions.urlMatches("/control-planes/[0-9a-f-]{36}/services$"));
        assertThat(text("h1")).isEqualTo(planeName);
    }
}
