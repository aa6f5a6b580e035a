package io.gatehouse.console.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.sync.GatewayTokens;
import io.gatehouse.platform.sync.SyncEndpoint;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The Gateways page request by request: another organization's control plane is a 404 on every URL (the
 * event stream and the certificate too), viewers see the fleet but not token creation, a token is shown once
 * in the exact command, each sync status reads as a user would need it (NACK error, incompatibility reason,
 * stale, offline), offline nodes can be forgotten, and a node status change committed in the database reaches
 * an open event stream through the change channel.
 */
class GatewayFleetPagesIT extends ConsoleIntegrationTest {

    @Autowired
    Accounts accounts;
    @Autowired
    Memberships memberships;
    @Autowired
    TenantScopes scopes;
    @Autowired
    ControlPlanes controlPlanes;
    @Autowired
    GatewayTokens tokens;
    @Autowired
    SyncEndpoint endpoint;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    private static SignedUp alice;
    private static SignedUp bob;
    private static ControlPlane bobsPlane;

    @BeforeEach
    void twoCustomers() {
        if (alice == null) {
            alice = signUp("alice");
            bob = signUp("bob");
            bobsPlane = planeOf(bob, "bobs-fleet");
            node(bobsPlane, "bobs-secret-node", "bob-host.internal", "synced", null, Instant.now(), true);
            scopes.call(TenantScope.org(bob.organization().orgId()), () -> tokens.create(bobsPlane, "bobs-token"));
        }
    }

    @Test
    void everyGatewaysUrlOfAnotherOrganizationIsNotFound() throws Exception {
        String bobsToken = scopes.call(TenantScope.org(bob.organization().orgId()),
                () -> tokens.list(bobsPlane).get(0).id().toString());
        for (String org : List.of(alice.organization().getSlug(), bob.organization().getSlug())) {
            String base = "/orgs/" + org + "/control-planes/" + bobsPlane.id() + "/gateways";
            for (MockHttpServletRequestBuilder request : List.of(get(base), get(base).header("HX-Request", "true"),
                    get(base + "/events"), get(base + "/sync-cert.pem"), get(base + "/nodes/bobs-secret-node"),
                    post(base + "/tokens").param("name", "intruder").with(csrf()),
                    post(base + "/tokens/" + bobsToken + "/revoke").with(csrf()),
                    post(base + "/nodes/bobs-secret-node/forget").with(csrf()))) {
                MockHttpServletResponse response = perform(request, alice);
                assertThat(response.getStatus()).as(base).isEqualTo(404);
                assertThat(response.getContentAsString()).doesNotContain("bobs-secret-node", "bob-host", "bobs-token",
                        "BEGIN CERTIFICATE");
            }
        }
        assertThat(scopes.call(TenantScope.org(bob.organization().orgId()), () -> tokens.list(bobsPlane)))
                .hasSize(1).allSatisfy(token -> assertThat(token.revoked()).isFalse());
    }

    @Test
    void aViewerSeesTheFleetButCannotCreateOrRevokeTokensOrForgetNodes() throws Exception {
        ControlPlane plane = planeOf(alice, "viewed-" + suffix());
        node(plane, "edge-1", "edge-1.internal", "synced", null, Instant.now().minusSeconds(3600), false);
        String tokenId = scopes.call(TenantScope.org(alice.organization().orgId()),
                () -> tokens.create(plane, "fleet-a").details().id().toString());
        Account viewer = accounts.create("viewer-" + UUID.randomUUID() + "@example.com", "Vi Ewer", null);
        scopes.run(TenantScope.org(alice.organization().orgId()),
                () -> memberships.add(alice.organization().orgId(), viewer.getId(), OrgRole.VIEWER));
        SignedInUser principal = new SignedInUser(viewer.getId(), viewer.getEmail(), viewer.getDisplayName(), null,
                true, null);
        String base = fleet(alice, plane);

        MockHttpServletResponse page = mvc.perform(get(base).with(user(principal))).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("edge-1", "fleet-a", endpoint.url())
                .doesNotContain("token-form", "Create a token", "Revoke");
        String detail = mvc.perform(get(base + "/nodes/edge-1").with(user(principal))).andReturn().getResponse()
                .getContentAsString();
        assertThat(detail).contains("edge-1.internal").doesNotContain("Forget this gateway");

        for (MockHttpServletRequestBuilder write : List.of(post(base + "/tokens").param("name", "nope"),
                post(base + "/tokens/" + tokenId + "/revoke"), post(base + "/nodes/edge-1/forget"))) {
            MockHttpServletResponse response = mvc.perform(write.with(csrf()).with(user(principal))).andReturn()
                    .getResponse();
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentAsString()).contains("This needs the EDITOR role");
        }
        assertThat(scopes.call(TenantScope.org(alice.organization().orgId()), () -> tokens.list(plane)))
                .singleElement().satisfies(token -> assertThat(token.revoked()).isFalse());
        assertThat(perform(get(base), alice).getContentAsString()).contains("edge-1");
    }

    @Test
    void connectingAGatewayShowsItsTokenOnceInTheExactCommand() throws Exception {
        ControlPlane plane = planeOf(alice, "connect-" + suffix());
        String base = fleet(alice, plane);
        assertThat(perform(get(base), alice).getContentAsString()).contains("No gateway has connected yet",
                "token-form", "Create a token and show the command");

        MockHttpServletResponse blank = perform(post(base + "/tokens").with(csrf()).param("name", " "), alice);
        assertThat(blank.getStatus()).isEqualTo(400);
        assertThat(blank.getContentAsString()).contains("name-error", "Give the token a name");

        MockHttpServletResponse created = perform(post(base + "/tokens").with(csrf()).param("name", "edge fleet"), alice);
        assertThat(created.getStatus()).isEqualTo(200);
        assertThat(created.getHeader("Cache-Control")).isEqualTo("no-store");
        String html = created.getContentAsString();
        Matcher token = Pattern.compile("id=\"new-token\">(gh_gwt_[A-Za-z0-9_-]+)<").matcher(html);
        assertThat(token.find()).as("the new token").isTrue();
        String secret = token.group(1);
        assertThat(endpoint.url()).startsWith("wss://localhost:").endsWith("/v1/sync");
        assertThat(html).contains("java -jar gatehouse-gateway.jar --control-plane " + endpoint.url() + " --token "
                + secret + " --trust sync-cert.pem");
        assertThat(html).contains("GATEHOUSE_GATEWAY_CONTROL_PLANE=" + endpoint.url(), "GATEHOUSE_GATEWAY_TOKEN=" + secret,
                "GATEHOUSE_GATEWAY_TRUST=sync-cert.pem", "href=\"" + base + "/sync-cert.pem\"");
        assertThat(tokens.authenticate(secret)).get().satisfies(grant -> assertThat(grant.controlPlaneId())
                .isEqualTo(plane.id()));

        String later = perform(get(base), alice).getContentAsString();
        assertThat(later).doesNotContain(secret).contains("edge fleet", secret.substring(0, 13) + "…");

        MockHttpServletResponse certificate = perform(get(base + "/sync-cert.pem"), alice);
        assertThat(certificate.getStatus()).isEqualTo(200);
        assertThat(certificate.getHeader("Content-Disposition")).contains("attachment", "sync-cert.pem");
        assertThat(certificate.getContentAsString()).startsWith("-----BEGIN CERTIFICATE-----")
                .isEqualTo(endpoint.certificatePem().orElseThrow());
    }

    @Test
    void revokingATokenFromTheListSwapsItsRowAndStopsIt() throws Exception {
        ControlPlane plane = planeOf(alice, "revoke-" + suffix());
        String secret = scopes.call(TenantScope.org(alice.organization().orgId()),
                () -> tokens.create(plane, "short-lived")).token();
        UUID id = tokens.authenticate(secret).orElseThrow().tokenId();
        String base = fleet(alice, plane);

        MockHttpServletResponse row = perform(post(base + "/tokens/" + id + "/revoke").with(csrf())
                .header("HX-Request", "true"), alice);
        assertThat(row.getStatus()).isEqualTo(200);
        assertThat(row.getContentAsString()).startsWith("<tr").contains("short-lived", "Revoked")
                .doesNotContain("<html", "Revoke</button>");
        assertThat(tokens.authenticate(secret)).isEmpty();
        assertThat(perform(post(base + "/tokens/" + id + "/revoke").with(csrf()), alice).getRedirectedUrl())
                .isEqualTo(base);
    }

    @Test
    void eachNodeShowsItsSyncStatusAndConnectionAndOfflineOnesCanBeForgotten() throws Exception {
        ControlPlane plane = planeOf(alice, "statuses-" + suffix());
        Instant now = Instant.now();
        node(plane, "in-sync", "a.internal", "synced", null, now, true);
        node(plane, "rejecting", "b.internal", "nacked",
                "revision 0: route orders: unknown field 'fancy'\nroutes[0].fancy: not a field of route", now, true);
        node(plane, "old-plugins", "c.internal", "incompatible",
                "the config uses plugins this gateway does not have: acme-auth", now, true);
        node(plane, "silent", "d.internal", "synced", null, now.minusSeconds(3600), true);
        node(plane, "gone", "e.internal", "synced", null, now.minusSeconds(7200), false);
        syncError(plane, "rejecting", 3, "nack", "revision 3: service billing: cannot compile", now.minusSeconds(60));
        syncError(plane, "rejecting", 4, "nack", "revision 4: routes[0].fancy: not a field of route", now);
        syncError(plane, "gone", 2, "incompatible", "the config uses plugins this gateway does not have: cors", now);
        String base = fleet(alice, plane);

        String page = perform(get(base), alice).getContentAsString();
        assertThat(rowOf(page, "in-sync")).contains("Synced", "Connected", "0.1.0", "not in the version catalogue",
                "supported", "sha256:");
        assertThat(rowOf(page, "rejecting")).contains("NACKed", "unknown field &#39;fancy&#39;", "Connected");
        assertThat(rowOf(page, "old-plugins")).contains("Incompatible", "acme-auth");
        assertThat(rowOf(page, "silent")).contains("Stale");
        assertThat(rowOf(page, "gone")).contains("Offline");
        String fragment = perform(get(base).header("HX-Request", "true"), alice).getContentAsString();
        assertThat(fragment).startsWith("<section id=\"fleet\"").contains("rejecting", "data-live-events")
                .doesNotContain("<html", "token-form");

        String detail = perform(get(base + "/nodes/rejecting"), alice).getContentAsString();
        assertThat(detail).contains("routes[0].fancy: not a field of route", "b.internal")
                .doesNotContain("Forget this gateway");
        // The history, newest first, below the last error.
        String history = detail.substring(detail.indexOf("id=\"sync-errors\""));
        assertThat(history).contains("Rejected (NACK)", "service billing: cannot compile");
        assertThat(history.indexOf("revision 4:")).isLessThan(history.indexOf("revision 3:"));
        assertThat(perform(get(base + "/nodes/in-sync"), alice).getContentAsString())
                .contains("This gateway has not rejected any config.").doesNotContain("id=\"sync-errors\"");
        assertThat(perform(post(base + "/nodes/rejecting/forget").with(csrf()), alice).getStatus()).isEqualTo(409);

        assertThat(perform(get(base + "/nodes/gone"), alice).getContentAsString()).contains("Forget this gateway");
        assertThat(perform(post(base + "/nodes/gone/forget").with(csrf()), alice).getRedirectedUrl()).isEqualTo(base);
        assertThat(perform(post(base + "/nodes/silent/forget").with(csrf()), alice).getRedirectedUrl()).isEqualTo(base);
        assertThat(perform(get(base), alice).getContentAsString()).contains("in-sync", "rejecting")
                .doesNotContain("e.internal", "d.internal");
        assertThat(perform(get(base + "/nodes/gone"), alice).getStatus()).isEqualTo(404);
        // Its sync errors went with it; the connected node's stay.
        List<String> kept = scopes.call(TenantScope.platform(), () -> tx.execute(s -> jdbc.sql(
                "select node_id from gw_node_sync_error where control_plane_id = :cp order by id")
                .param("cp", plane.id()).query(String.class).list()));
        assertThat(kept).containsExactly("rejecting", "rejecting");
    }

    @Test
    void aNodeStatusChangeCommittedInTheDatabaseReachesTheOpenEventStream() throws Exception {
        ControlPlane plane = planeOf(alice, "live-" + suffix());
        ControlPlane other = planeOf(alice, "quiet-" + suffix());
        String base = fleet(alice, plane);
        MvcResult stream = mvc.perform(get(base + "/events").with(user(SignedInUser.of(alice.account()))))
                .andReturn();
        MvcResult quiet = mvc.perform(get(fleet(alice, other) + "/events").with(user(SignedInUser.of(alice.account()))))
                .andReturn();
        assertThat(stream.getRequest().isAsyncStarted()).isTrue();
        assertThat(stream.getResponse().getContentType()).startsWith("text/event-stream");
        assertThat(stream.getResponse().getContentAsString()).contains(":listening").doesNotContain("event:nodes");

        // What the sync hub does when a node connects, on whichever replica: a row and a notification in one commit.
        node(plane, "arriving", "f.internal", "pending", null, Instant.now(), true);
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(status -> jdbc
                .sql("select pg_notify('gatehouse_config', :payload)")
                .param("payload", "node:" + plane.id() + ":arriving").query((rs, n) -> 1).list()));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> stream.getResponse().getContentAsString().contains("event:nodes"));
        assertThat(quiet.getResponse().getContentAsString()).doesNotContain("event:nodes");
    }

    /** The text of the node's row on the page. */
    private static String rowOf(String page, String nodeId) {
        int start = page.indexOf("data-node=\"" + nodeId + "\"");
        assertThat(start).as("row of " + nodeId).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    /** A sync error of a node, as the registry records a NACK or an incompatibility. */
    private void syncError(ControlPlane plane, String id, long revision, String kind, String error, Instant at) {
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into gw_node_sync_error (control_plane_id, node_id, org_id, revision, kind, error, occurred_at)
                values (:cp, :id, :org, :revision, :kind, :error, :at)
                """)
                .param("cp", plane.id()).param("id", id).param("org", plane.org().value()).param("revision", revision)
                .param("kind", kind).param("error", error).param("at", Timestamp.from(at))
                .update()));
    }

    /** A registry row as the sync hub writes it. */
    private void node(ControlPlane plane, String id, String hostname, String status, String error, Instant lastSeen,
            boolean connected) {
        scopes.run(TenantScope.platform(), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into gw_node (control_plane_id, id, org_id, hostname, ip, version, protocol_version, plugins,
                    revision, config_hash, sync_status, sync_error, first_seen, connected_since, last_seen)
                values (:cp, :id, :org, :hostname, '10.0.0.7', '0.1.0', 1, '{cors,key-auth}', 0,
                    'sha256:0123456789abcdef0123456789abcdef', :status, :error, :seen, :since, :seen)
                """)
                .param("cp", plane.id()).param("id", id).param("org", plane.org().value()).param("hostname", hostname)
                .param("status", status).param("error", error).param("seen", Timestamp.from(lastSeen))
                .param("since", connected ? Timestamp.from(lastSeen.minusSeconds(60)) : null)
                .update()));
    }

    private ControlPlane planeOf(SignedUp who, String name) {
        return scopes.call(TenantScope.org(who.organization().orgId()),
                () -> controlPlanes.create(new ControlPlaneDraft(name, null, null)));
    }

    private static String fleet(SignedUp who, ControlPlane plane) {
        return "/orgs/" + who.organization().getSlug() + "/control-planes/" + plane.id() + "/gateways";
    }
}
