package io.gatehouse.platform.sync;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.context.ApplicationContext;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatehouse.gateway.sync.ConfigApplier;
import io.gatehouse.gateway.sync.SyncClient;
import io.gatehouse.gateway.sync.SyncClientSettings;
import io.gatehouse.gateway.sync.SyncEntity;
import io.gatehouse.gateway.sync.SyncedConfig;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.Written;
import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Organizations, control planes, entities, tokens and gateway clients for the sync tests. */
final class SyncFixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Organizations organizations;
    final ControlPlanes controlPlanes;
    final GatewayEntities entities;
    final GatewayTokens tokens;
    final NodeRegistry nodes;
    final TenantScopes scopes;
    final SyncHub hub;
    final SyncProperties properties;
    private final ApplicationContext context;

    SyncFixtures(ApplicationContext context) {
        this.context = context;
        this.organizations = context.getBean(Organizations.class);
        this.controlPlanes = context.getBean(ControlPlanes.class);
        this.entities = context.getBean(GatewayEntities.class);
        this.tokens = context.getBean(GatewayTokens.class);
        this.nodes = context.getBean(NodeRegistry.class);
        this.scopes = context.getBean(TenantScopes.class);
        this.hub = context.getBean(SyncHub.class);
        this.properties = context.getBean(SyncProperties.class);
    }

    /** An organization with one control plane. */
    record Tenant(Organization org, ControlPlane plane) {
    }

    Tenant tenant() {
        Organization org = organizations.create("sync-" + suffix(), "Sync test");
        ControlPlane plane = scopes.call(TenantScope.org(org.orgId()),
                () -> controlPlanes.create(new ControlPlaneDraft("cp-" + suffix(), "sync test", Map.of())));
        return new Tenant(org, plane);
    }

    /** The REST API through the real security chain (callers authenticate with {@link #bearer}). */
    MockMvc api() {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    <T> T in(Tenant tenant, Supplier<T> work) {
        return scopes.call(TenantScope.org(tenant.org().orgId()), work);
    }

    Written create(Tenant tenant, EntityType type, String json) {
        return in(tenant, () -> entities.create(tenant.plane().name(), type, null, (ObjectNode) JSON.readTree(json)));
    }

    long delete(Tenant tenant, EntityType type, String idOrName) {
        return in(tenant, () -> entities.delete(tenant.plane().name(), type, null, idOrName, true, null));
    }

    long revision(Tenant tenant) {
        return in(tenant, () -> controlPlanes.get(tenant.plane().id().toString())).revision();
    }

    String token(Tenant tenant) {
        return in(tenant, () -> tokens.create(tenant.plane(), "test gateways")).token();
    }

    List<GatewayNode> nodes(Tenant tenant) {
        return in(tenant, () -> nodes.list(tenant.plane()));
    }

    List<NodeSyncError> syncErrors(Tenant tenant, String nodeId) {
        return in(tenant, () -> nodes.syncErrors(tenant.plane(), nodeId));
    }

    URI endpoint() {
        return URI.create((hub.secure() ? "wss" : "ws") + "://127.0.0.1:" + hub.port() + "/v1/sync");
    }

    Path trustedCertificate() {
        return properties.tls().directory().resolve(SyncTls.CERTIFICATE);
    }

    SyncClientSettings settings(String token, Path cache, URI endpoint) {
        return new SyncClientSettings(endpoint, token, trustedCertificate(), "node-" + suffix(), "test-host", "1.0.0-test",
                List.of("cors", "key-auth", "rate-limiting"), cache, Duration.ofMillis(300), Duration.ofMillis(50),
                Duration.ofMillis(400));
    }

    /** {@code Bearer gh_pat_…} of a new member of the tenant's organization with the given role. */
    String bearer(Tenant tenant, io.gatehouse.platform.identity.OrgRole role) {
        String email = "sync-" + suffix() + "@example.com";
        io.gatehouse.platform.identity.Account account = context.getBean(io.gatehouse.platform.identity.Accounts.class)
                .create(email, "Sync Tester", "correct horse battery staple");
        scopes.run(TenantScope.org(tenant.org().orgId()), () -> context.getBean(io.gatehouse.platform.members.Memberships.class)
                .add(tenant.org().orgId(), account.getId(), role));
        io.gatehouse.platform.identity.Caller caller = new io.gatehouse.platform.identity.Caller(account.getId(),
                "Sync Tester", email, new io.gatehouse.platform.audit.Actor(io.gatehouse.platform.audit.Actor.Type.USER,
                        account.getId().toString(), email), null, null, null, java.util.Set.of());
        return "Bearer " + context.getBean(io.gatehouse.platform.tokens.PersonalAccessTokens.class)
                .create(caller, tenant.org().orgId(), "api", role, Duration.ofDays(1)).token();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The gateway runtime in these tests: it compiles nothing, but keeps the active config behind one atomic
     * swap like the real runtime, and rejects any config that holds an entity its predicate refuses.
     */
    static final class RecordingRuntime implements ConfigApplier {

        final AtomicReference<SyncedConfig> active = new AtomicReference<>(SyncedConfig.empty());
        volatile Predicate<SyncEntity> refuse = entity -> false;

        @Override
        public Runnable prepare(SyncedConfig config) throws RejectedConfigException {
            for (SyncEntity entity : config.entities().values()) {
                if (refuse.test(entity)) {
                    throw new RejectedConfigException("the runtime cannot compile " + entity.type() + " " + entity.id(),
                            List.of("refused by the test runtime"));
                }
            }
            return () -> active.set(config);
        }
    }

    SyncClient client(SyncClientSettings settings, RecordingRuntime runtime) {
        return new SyncClient(settings, runtime, Clock.systemUTC());
    }
}
