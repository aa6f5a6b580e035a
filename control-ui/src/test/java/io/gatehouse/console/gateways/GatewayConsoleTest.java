package io.gatehouse.console.gateways;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gatehouse.console.ConsoleIntegrationTest;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.declarative.DeclarativeConfigs;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.identity.Account;
import io.gatehouse.platform.identity.Accounts;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.identity.SignedInUser;
import io.gatehouse.platform.members.Memberships;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the gateway page tests share: two customers signed up once per JVM (alice, whose pages are tested, and
 * bob, whose control plane alice must never see), a viewer in alice's organization, fresh control planes,
 * entities written directly through {@link GatewayEntities}, and requests as one of them.
 */
abstract class GatewayConsoleTest extends ConsoleIntegrationTest {

    @Autowired
    protected Accounts accounts;
    @Autowired
    protected Memberships memberships;
    @Autowired
    protected TenantScopes scopes;
    @Autowired
    protected ControlPlanes controlPlanes;
    @Autowired
    protected GatewayEntities entities;
    @Autowired
    protected JsonMapper json;
    @Autowired
    protected DeclarativeConfigs declarativeConfigs;

    protected static SignedUp alice;
    protected static SignedUp bob;
    protected static ControlPlane bobsPlane;
    protected static SignedInUser viewer;

    @BeforeEach
    void twoCustomers() {
        if (alice == null) {
            alice = signUp("alice");
            bob = signUp("bob");
            bobsPlane = planeOf(bob, "bobs-plane");
            as(bob, () -> entities.create(bobsPlane.id().toString(), EntityType.SERVICE, null,
                    json.createObjectNode().put("name", "secret-service").put("url", "http://bob.internal")));
            Account account = accounts.create("viewer-" + UUID.randomUUID() + "@example.com", "Vi Ewer", null);
            scopes.run(TenantScope.org(alice.organization().orgId()),
                    () -> memberships.add(alice.organization().orgId(), account.getId(), OrgRole.VIEWER));
            viewer = new SignedInUser(account.getId(), account.getEmail(), account.getDisplayName(), null, true, null);
        }
    }

    /** The console URL of a control plane of alice's: {@code /orgs/<slug>/control-planes/<id>}. */
    protected static String pathOf(ControlPlane plane) {
        return "/orgs/" + alice.organization().getSlug() + "/control-planes/" + plane.id();
    }

    protected ControlPlane planeOf(SignedUp who, String name) {
        return scopes.call(TenantScope.org(who.organization().orgId()),
                () -> controlPlanes.create(new ControlPlaneDraft(name, null, null)));
    }

    protected ControlPlane alicesPlane(String name) {
        return planeOf(alice, name + "-" + suffix());
    }

    protected <T> T as(SignedUp who, java.util.function.Supplier<T> work) {
        return scopes.call(TenantScope.org(who.organization().orgId()), work);
    }

    /** Writes an entity straight through the platform, as {@code who}. */
    protected GatewayEntity create(SignedUp who, ControlPlane plane, EntityType type, ObjectNode body) {
        return as(who, () -> entities.create(plane.id().toString(), type, null, body).entity());
    }

    protected GatewayEntity stored(ControlPlane plane, EntityType type, String idOrName) {
        return as(alice, () -> entities.get(plane.id().toString(), type, null, idOrName));
    }

    protected ObjectNode doc() {
        return json.createObjectNode();
    }

    protected MockHttpServletResponse performAsViewer(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(user(viewer))).andReturn().getResponse();
    }

    protected static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    /** A PEM test file (generated with openssl for the tests only, valid until 2126). */
    protected static String pem(String name) {
        try (InputStream in = GatewayConsoleTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
