package io.gatehouse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.gatehouse.gateway.sync.SyncedGateway;
import io.gatehouse.platform.portal.apps.Application;
import io.gatehouse.platform.portal.apps.ApplicationDraft;
import io.gatehouse.platform.portal.apps.IssuedCredential;
import io.gatehouse.platform.portal.apps.Registration;
import io.gatehouse.platform.portal.apps.RegistrationStatus;
import io.gatehouse.platform.portal.developers.Developer;

/**
 * The portal end to end with a real gateway connected over config sync (real sockets, a real upstream): an
 * approved registration's key calls its product (200) but not a product it is not registered for (403); no key
 * is a 401; a rotated key and its successor both work during the overlap; a revoked key is a 401 and a revoked
 * registration a 403 within seconds; an expired key is a 401 while its credential is still in the gateway's config.
 */
@Timeout(180)
class PortalGatewayIT extends PortalGatewayITSupport {

    @Test
    void anApprovedRegistrationsKeyWorksOnItsProductOnlyUntilRevokedOrExpired() throws Exception {
        Org org = org();
        String cp = controlPlaneWithServices(org, upstreamUrl(), "orders", "billing");
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
        String cp = controlPlaneWithServices(org, upstreamUrl(), "orders");
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
        String cp = controlPlaneWithServices(org, upstreamUrl(), "search");
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

    private int call(SyncedGateway gateway, String path, String key) throws Exception {
        return gateways.status(gateway, path, "apikey", key);
    }
}
