package io.gatehouse.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.console.TestMail;
import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.members.SignUp;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.sync.GatewayTokens;
import io.gatehouse.platform.sync.SyncHub;
import io.gatehouse.platform.sync.SyncProperties;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The developer portal's "done when", in a real headless Chromium with real processes: the organization builds
 * a gateway service and publishes an API product with a key-auth plan in the console; a developer signs up on
 * the portal, opens the verification link from the in-process mail server, signs in, registers an application,
 * creates a key and reads it from the page; the key calls the API through a real gateway connected over config
 * sync (200); the developer revokes it on the portal and the same call is refused (401) within seconds.
 */
@Timeout(300)
class PortalFlowIT extends BrowserIntegrationTest {

    private static final String PETSTORE = """
            openapi: 3.0.3
            info:
              title: Orders
              version: "1.0"
            paths:
              /orders/{id}:
                get:
                  parameters:
                    - name: id
                      in: path
                      required: true
                      schema:
                        type: string
                  responses:
                    "200":
                      description: an order
            """;

    @Autowired
    TenantScopes scopes;
    @Autowired
    ControlPlanes controlPlanes;
    @Autowired
    GatewayTokens gatewayTokens;
    @Autowired
    SyncHub hub;
    @Autowired
    SyncProperties syncProperties;
    @TempDir
    Path cache;

    private DisposableServer upstream;
    private SyncedGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() {
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("order from " + request.uri()))).bindNow();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        upstream.disposeNow();
    }

    @Test
    void publishSignUpVerifyRegisterCallThroughTheGatewayAndRevoke() throws Exception {
        SignedUp owner = signUps.signUp(new SignUp("owner-" + suffix + "@example.com", "Olive Owner", "correct horse battery",
                "Portal Co " + suffix, "portal-co-" + suffix));
        String slug = owner.organization().getSlug();
        browser.get(baseUrl() + "/login");
        type("username", owner.account().getEmail());
        type("password", "correct horse battery");
        submit("form[action$='/login']");
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        browser.get(baseUrl() + "/orgs/" + slug);

        // The gateway side in the console: a control plane, a service to the loopback upstream and a route.
        browser.findElement(By.cssSelector("nav.sidenav")).findElement(By.linkText("Control planes")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("control-plane-form")));
        type("name", "production");
        submit("#control-plane-form");
        wait.until(ExpectedConditions.urlMatches("/control-planes/[0-9a-f-]{36}/services$"));
        Matcher planeId = Pattern.compile("/control-planes/([0-9a-f-]{36})/").matcher(browser.getCurrentUrl());
        assertThat(planeId.find()).isTrue();
        type("name", "orders");
        type("url", "http://127.0.0.1:" + upstream.port());
        submit("#service-form form");
        wait.until(ExpectedConditions.urlMatches("/services/orders$"));
        type("route-name", "orders-route");
        type("route-paths", "/orders");
        submit("#route-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes"), "orders-route"));

        // The product, published with a key-auth plan, in the console pages.
        browser.findElement(By.cssSelector("nav.sidenav")).findElement(By.linkText("API products")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("product-form")));
        type("name", "Orders API");
        type("slug", "orders-api");
        submit("#product-form");
        wait.until(ExpectedConditions.urlMatches("/api-products/orders-api$"));
        type("name", "v1");
        new Select(browser.findElement(By.id("service"))).selectByVisibleText("orders");
        submit("#version-form");
        wait.until(ExpectedConditions.urlMatches("/versions/[0-9a-f-]{36}$"));
        browser.findElement(By.id("document")).sendKeys(PETSTORE);
        submit("#openapi-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("openapi"), "Current document: Orders"));
        type("plan-name", "free");
        new Select(browser.findElement(By.id("plan-auth"))).selectByValue("key-auth");
        new Select(browser.findElement(By.id("plan-approval"))).selectByValue("auto");
        submit("#plan-form");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plans"), "free"));
        browser.findElement(By.id("publish")).click();
        wait.until(ExpectedConditions.textToBe(By.id("version-status"), "published"));

        // A developer signs up on the portal and verifies their email from the in-process mail server.
        String email = "dev-" + suffix + "@example.test";
        browser.get(baseUrl() + "/portal/" + slug);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Orders API"));
        browser.get(baseUrl() + "/portal/" + slug + "/signup");
        type("name", "Dee Veloper");
        type("email", email);
        type("password", "a long enough password");
        submit("form[action$='/signup']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), email));
        String mail = TestMail.awaitMailTo(email, Duration.ofSeconds(15)).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("(/portal/" + Pattern.quote(slug) + "/verify-email\\?token=[A-Za-z0-9_]+)").matcher(mail);
        assertThat(link.find()).as("the verification link in " + mail).isTrue();
        browser.get(baseUrl() + link.group(1));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Your email address is verified"));

        browser.get(baseUrl() + "/portal/" + slug + "/signin");
        type("email", email);
        type("password", "a long enough password");
        submit("form[action$='/signin']");
        wait.until(ExpectedConditions.urlMatches("/portal/" + slug + "/apps$"));

        // An application registered for the published version, and a key read from the page.
        type("name", "Order Tracker");
        submit("form[action$='/apps']");
        wait.until(ExpectedConditions.urlMatches("/apps/[0-9a-f-]{36}$"));
        new Select(browser.findElement(By.id("plan"))).selectByIndex(0);
        submit("form[action$='/registrations']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Approved"));
        submit("form[action$='/keys']");
        String key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("code.secret-value"))).getText();
        assertThat(key).startsWith("gh_key_");

        // A real gateway of that control plane, connected over config sync: the key calls the API.
        gateway = gateway(owner, UUID.fromString(planeId.group(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> call("/orders/42", key) == 200);
        assertThat(call("/orders/42", null)).as("no key").isEqualTo(401);

        // The developer revokes the key on the portal: the same call is refused within seconds.
        browser.findElement(By.cssSelector("form[action$='/revoke'] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Revoked"));
        await().atMost(Duration.ofSeconds(10)).until(() -> call("/orders/42", key) == 401);
    }

    private SyncedGateway gateway(SignedUp owner, UUID planeId) throws Exception {
        String token = scopes.call(TenantScope.org(owner.organization().orgId()),
                () -> gatewayTokens.create(controlPlanes.getById(planeId), "portal flow")).token();
        URI endpoint = URI.create((hub.secure() ? "wss" : "ws") + "://127.0.0.1:" + hub.port() + "/v1/sync");
        Path trust = syncProperties.tls().certificate() != null ? syncProperties.tls().certificate()
                : syncProperties.tls().directory().resolve("sync-cert.pem");
        return SyncedGateway.start(new String[] { "--control-plane", endpoint.toString(), "--trust", trust.toString(),
                "--cache-dir", cache.toString(), "--host", "127.0.0.1", "--port", "0", "--status-port", "0",
                "--heartbeat-seconds", "1", "--max-backoff-seconds", "1" }, Map.of("GATEHOUSE_GATEWAY_TOKEN", token));
    }

    private int call(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + path))
                .timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("apikey", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
