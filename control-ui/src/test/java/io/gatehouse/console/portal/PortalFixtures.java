package io.gatehouse.console.portal;

import static io.gatehouse.console.ConsoleIntegrationTest.suffix;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneDraft;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.members.SignedUp;
import io.gatehouse.platform.portal.products.AccessPlans;
import io.gatehouse.platform.portal.products.ApiProducts;
import io.gatehouse.platform.portal.products.Approval;
import io.gatehouse.platform.portal.products.PlanAuth;
import io.gatehouse.platform.portal.products.PlanDraft;
import io.gatehouse.platform.portal.products.ProductDraft;
import io.gatehouse.platform.portal.products.ProductVersion;
import io.gatehouse.platform.portal.products.VersionDraft;
import io.gatehouse.platform.portal.products.VersionStatus;
import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the portal's page tests set up the same way, through the platform's own facades: a control plane with one
 * gateway service, and a published API product on it with one auto-approved plan (the organization and its admin
 * come from {@link io.gatehouse.console.ConsoleIntegrationTest#signUp}). Every name carries a random suffix, so
 * tests share one database without meeting each other.
 */
public class PortalFixtures {

    private final TenantScopes scopes;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final ApiProducts products;
    private final AccessPlans plans;
    private final JsonMapper json;

    PortalFixtures(TenantScopes scopes, ControlPlanes controlPlanes, GatewayEntities entities,
            ApiProducts products, AccessPlans plans, JsonMapper json) {
        this.scopes = scopes;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.products = products;
        this.plans = plans;
        this.json = json;
    }

    /** A control plane of the owner's organization with one service called {@code service}. */
    public ControlPlane planeWithService(SignedUp owner, String service) {
        OrgId org = owner.organization().orgId();
        ControlPlane plane = scopes.call(TenantScope.org(org),
                () -> controlPlanes.create(new ControlPlaneDraft("portal-" + suffix(), null, null)));
        scopes.call(TenantScope.org(org), () -> entities.create(plane.id().toString(), EntityType.SERVICE, null,
                json.createObjectNode().put("name", service).put("url", "http://upstream.internal")));
        return plane;
    }

    /**
     * A published product {@code slug} whose version v1 runs on a new control plane's service {@code <slug>-service},
     * documented by {@code openApi}, with one auto-approved plan "basic" of the given kind.
     */
    public ProductVersion publishedProduct(SignedUp owner, String slug, String name, String openApi, PlanAuth auth) {
        OrgId org = owner.organization().orgId();
        ControlPlane plane = planeWithService(owner, slug + "-service");
        products.create(org, new ProductDraft(slug, name, name + " for everyone"));
        ProductVersion version = products.addVersion(org, slug, new VersionDraft("v1", plane.id().toString(), slug + "-service"));
        products.uploadOpenApi(org, version.id(), openApi);
        plans.add(org, version.id(), new PlanDraft("basic", null, auth, Approval.AUTO, null));
        return products.changeStatus(org, version.id(), VersionStatus.PUBLISHED, null);
    }
}
