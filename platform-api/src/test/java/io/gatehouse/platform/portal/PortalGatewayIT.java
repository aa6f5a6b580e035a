package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.IssuedCredential;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.developers.Developer;
import io.gatehouse.platform.sync.SyncHub;
import io.gatehouse.platform.sync.SyncProperties;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The portal end to end with a real gateway connected over config sync (real sockets, a real upstream): an
 * approved registration's key calls its product (200) but not a product it is not registered for (403); no key
 * is a 401; a rotated key and its successor both work during the overlap; a revoked key is a 401 and a revoked
 * registration a 403 within seconds; an expired key is a 401 while its credential is still in the gateway's config.
 */
@Timeout(180)
class PortalGatewayIT extends PortalITSupport {

    @Autowired
    SyncHub hub;
    @Autowired
    SyncProperties syncProperties;
    @TempDir
    Path cache;

    DisposableServer upstream;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<AutoCloseable> running = new ArrayList<>();

    @BeforeEach
    void upstream() {
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("hello from " + request.uri()))).bindNow();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        upstream.disposeNow();
    }

    @Test
    void anApprovedRegistrationsKeyWorksOnItsProductOnlyUntilRevokedOrExpired() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:" + upstream.port(), "orders", "billing");
        UUID orders = id(publishedVersion(org, cp, "orders", "auto", null));
        id(publishedVersion(org, cp, "billing", "auto", null));
        Developer developer = verifiedDeveloper(org);
        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Shop", null));
        Registration registration = registrations.request(org.admin().org(), developer.id(), app.id(), orders,
                catalog.plans(org.admin().org(), orders).get(0).id());
        assertThat(registration.status()).isEqualTo(RegistrationStatus.APPROVED);
        IssuedCredential key = credentials.issueKey(org.admin().org(), developer.id(), app.id(), null);

        SyncedGateway gateway = gateway(org, cp);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(gateway, "/orders/1", key.secret()) == 200);
        assertThat(call(gateway, "/billing/1", key.secret())).as("a product the app is not registered for").isEqualTo(403);
        assertThat(call(gateway, "/orders/1", null)).as("no key").isEqualTo(401);
        assertThat(call(gateway, "/orders/1", "gh_key_made-up")).as("an unknown key").isEqualTo(401);

        // Rotation with an overlap: old and new key both work; then the developer revokes the old one.
        IssuedCredential rotated = credentials.rotate(org.admin().org(), developer.id(), key.credential().id(),
                Duration.ofHours(1), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/orders/1", rotated.secret()) == 200);
        assertThat(call(gateway, "/orders/1", key.secret())).isEqualTo(200);
        credentials.revoke(org.admin().org(), developer.id(), key.credential().id());
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/orders/1", key.secret()) == 401);
        assertThat(call(gateway, "/orders/1", rotated.secret())).isEqualTo(200);

        // A key with an expiry: the gateway rejects it from that second on, with no further config change.
        Instant expiry = Instant.now().plusSeconds(4);
        IssuedCredential shortLived = credentials.issueKey(org.admin().org(), developer.id(), app.id(), expiry);
        long revision = revision(org, cp);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.config().current().revision() >= revision);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(gateway, "/orders/1", shortLived.secret()) == 401);
        assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusMillis(1000));
        assertThat(revision(org, cp)).as("no config change was needed for the expiry").isEqualTo(revision);
        assertThat(call(gateway, "/orders/1", rotated.secret())).isEqualTo(200);

        // The console revokes the registration: the app's calls to the product are refused.
        apiPost(org, "/portal/registrations/" + registration.id() + "/revoke", "{\"reason\":\"abuse\"}", 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/orders/1", rotated.secret()) != 200);
        assertThat(call(gateway, "/orders/1", rotated.secret())).isIn(401, 403);
    }

    @Test
    void theGatewayEntitiesThePortalWritesAreTaggedAndGoWithTheApplication() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:" + upstream.port(), "orders");
        UUID orders = id(publishedVersion(org, cp, "orders", "auto", null));
        Developer developer = verifiedDeveloper(org);
        Application app = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Tagged", null));
        registrations.request(org.admin().org(), developer.id(), app.id(), orders,
                catalog.plans(org.admin().org(), orders).get(0).id());
        credentials.issueKey(org.admin().org(), developer.id(), app.id(), null);
        String consumers = "/api/v1/control-planes/" + cp + "/consumers?tags=portal";
        var listed = body(mvc.perform(bearer(get(consumers), org.token())).andReturn()).get("data");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("username").asString()).isEqualTo("portal-app-" + app.id());
        var keys = body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp + "/consumers/portal-app-" + app.id()
                + "/key-auth?tags=portal"), org.token()))
                .andReturn()).get("data");
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.get(0).toString()).doesNotContain("gh_key_");

        applications.delete(org.admin().org(), developer.id(), app.id());
        assertThat(body(mvc.perform(bearer(get(consumers), org.token())).andReturn()).get("data").size()).isZero();
    }

    @Test
    void aPlansLimitBecomesARateLimitOfEachApplication() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, "http://127.0.0.1:" + upstream.port(), "search");
        UUID search = id(publishedVersion(org, cp, "search", "auto", 2));
        UUID plan = catalog.plans(org.admin().org(), search).get(0).id();
        Developer developer = verifiedDeveloper(org);
        Application first = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("First", null));
        Application second = applications.create(org.admin().org(), developer.id(), new ApplicationDraft("Second", null));
        registrations.request(org.admin().org(), developer.id(), first.id(), search, plan);
        registrations.request(org.admin().org(), developer.id(), second.id(), search, plan);
        String firstKey = credentials.issueKey(org.admin().org(), developer.id(), first.id(), null).secret();
        String secondKey = credentials.issueKey(org.admin().org(), developer.id(), second.id(), null).secret();
        SyncedGateway gateway = gateway(org, cp);
        long revision = revision(org, cp);
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.config().current().revision() >= revision);

        // Two calls a minute per application: the third of one application is refused, the other's still pass.
        // The calls must fall into one minute window, so they do not start in a minute's last seconds.
        int secondOfMinute = java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond();
        if (secondOfMinute >= 50) {
            Thread.sleep((61 - secondOfMinute) * 1000L);
        }
        List<Integer> statuses = List.of(call(gateway, "/search/q", firstKey), call(gateway, "/search/q", firstKey),
                call(gateway, "/search/q", firstKey));
        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(call(gateway, "/search/q", secondKey)).isEqualTo(200);

        // Suspending the developer stops all their applications' keys at the gateway; reinstating restores them.
        apiPost(org, "/portal/developers/" + developer.id() + "/suspend", "{}", 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/search/q", secondKey) == 401);
        apiPost(org, "/portal/developers/" + developer.id() + "/reinstate", "{}", 200);
        // (the key is known again: 200, or 429 when the calls above used up this minute's two)
        await().atMost(Duration.ofSeconds(10)).until(() -> call(gateway, "/search/q", secondKey) != 401);
        assertThat(call(gateway, "/search/q", secondKey)).isIn(200, 429);
    }

    private long revision(Org org, String cp) throws Exception {
        return body(mvc.perform(bearer(get("/api/v1/control-planes/" + cp), org.token())).andReturn()).get("revision").asLong();
    }

    private SyncedGateway gateway(Org org, String cp) throws Exception {
        String token = apiPost(org, "/api/v1/control-planes/" + cp + "/gateway-tokens", "{\"name\":\"portal test\"}", 201)
                .get("token").asString();
        URI endpoint = URI.create((hub.secure() ? "wss" : "ws") + "://127.0.0.1:" + hub.port() + "/v1/sync");
        Path trust = syncProperties.tls().certificate() != null ? syncProperties.tls().certificate()
                : syncProperties.tls().directory().resolve("sync-cert.pem");
        SyncedGateway gateway = SyncedGateway.start(new String[] { "--control-plane", endpoint.toString(), "--trust",
                trust.toString(), "--cache-dir", cache.toString(), "--host", "127.0.0.1", "--port", "0",
                "--status-port", "0", "--heartbeat-seconds", "1", "--max-backoff-seconds", "1" },
                Map.of("GATEHOUSE_GATEWAY_TOKEN", token));
        running.add(gateway);
        return gateway;
    }

    private int call(SyncedGateway gateway, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + path))
                .timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("apikey", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
