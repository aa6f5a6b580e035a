package io.gatehouse.platform.portal.products;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.portal.PortalTags;
import io.gatehouse.platform.shared.errors.ConflictException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a published product version's service behind the portal's credentials, through the normal gateway
 * write path: an authentication plugin on the service (unless it already has one) and an acl plugin that allows
 * the version's group ({@link PortalTags#aclGroup}); an existing allow-list acl plugin gets the group added. From
 * then on a call needs a credential of an application registered for one of the service's versions: none or an
 * unknown one is a 401, one of an application not registered for this version a 403.
 *
 * <p>The authentication plugin follows the version's plans: key-auth ({@code apikey} header) for key-auth plans
 * (and a version without plans yet), jwt for OAuth2 client-credentials plans — the platform's RS256 tokens, their
 * {@code sub} (the client id) naming the application's jwt credential, {@code exp} and {@code nbf} checked. One
 * service checks one kind of credential: the gateway runs every authentication plugin of a service and each
 * rejects a call without its credential, so a version's plans share one kind ({@link AccessPlans}), and a version
 * whose service already checks the other kind for another version is a 409. A plugin the portal wrote for a kind
 * no listed version on the service uses any more is replaced.
 */
@Component
class ServiceGuard {

    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ServiceGuard(ControlPlanes controlPlanes, GatewayEntities entities, JdbcClient jdbc) {
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.jdbc = jdbc;
    }

    /** The gateway plugin that checks credentials of plans with this kind of authentication. */
    static String plugin(PlanAuth auth) {
        return auth == PlanAuth.OAUTH2_CLIENT_CREDENTIALS ? "jwt" : "key-auth";
    }

    /** The kind of credential the version's plans use, or null when it has no plan yet. */
    PlanAuth authOf(UUID versionId) {
        List<String> kinds = jdbc.sql("select distinct auth from portal_plan where version_id = :v")
                .param("v", versionId).query(String.class).list();
        return kinds.isEmpty() ? null : kinds.contains(PlanAuth.OAUTH2_CLIENT_CREDENTIALS.wireName())
                ? PlanAuth.OAUTH2_CLIENT_CREDENTIALS : PlanAuth.KEY_AUTH;
    }

    /** The service of a version in its control plane, or empty when it was deleted. */
    Optional<GatewayEntity> service(ProductVersion version) {
        ControlPlane plane = controlPlanes.getById(version.controlPlaneId());
        return entities.find(plane, EntityType.SERVICE, version.serviceId().toString());
    }

    void guard(ProductVersion version) {
        ControlPlane plane = controlPlanes.getById(version.controlPlaneId());
        if (entities.find(plane, EntityType.SERVICE, version.serviceId().toString()).isEmpty()) {
            throw new ConflictException("The gateway service of version '" + version.name()
                    + "' no longer exists; link the version to a service first.");
        }
        List<GatewayEntity> plugins = entities.list(plane.id().toString(), EntityType.PLUGIN, null,
                EntityFilter.none().withReference(EntityType.Reference.SERVICE, version.serviceId()),
                GatewayEntities.MAX_PAGE_SIZE, null).data();
        List<String> tags = List.of(PortalTags.PORTAL, PortalTags.version(version.id()));
        PlanAuth planned = authOf(version.id());
        boolean checked = plugins.stream().anyMatch(plugin -> List.of("key-auth", "jwt").contains(name(plugin)));
        // A version without plans yet keeps whatever the service checks (key-auth when nothing); its first plan
        // guards it again with that plan's kind.
        PlanAuth auth = planned != null ? planned : PlanAuth.KEY_AUTH;
        PlanAuth other = auth == PlanAuth.KEY_AUTH ? PlanAuth.OAUTH2_CLIENT_CREDENTIALS : PlanAuth.KEY_AUTH;
        Optional<GatewayEntity> clash = plugins.stream().filter(plugin -> plugin(other).equals(name(plugin))).findFirst();
        if (planned != null && clash.isPresent()) {
            boolean ours = clash.get().id().equals(PortalTags.derivedId(plugin(other), version.serviceId()));
            if (!ours || otherVersionsUse(version, other)) {
                throw new ConflictException("The gateway service of version '" + version.name() + "' already checks "
                        + (other == PlanAuth.KEY_AUTH ? "API keys (key-auth)" : "OAuth2 tokens (jwt)")
                        + "; a service checks one kind of credential. Give this version a service of its own or plans"
                        + " of that kind.");
            }
            entities.deleteOne(plane, clash.get());
        }
        if ((planned != null || !checked) && plugins.stream().noneMatch(plugin -> plugin(auth).equals(name(plugin)))) {
            ObjectNode authPlugin = json.createObjectNode();
            authPlugin.put("id", PortalTags.derivedId(plugin(auth), version.serviceId()).toString());
            authPlugin.put("name", plugin(auth));
            authPlugin.putObject("service").put("id", version.serviceId().toString());
            ObjectNode config = authPlugin.putObject("config");
            if (auth == PlanAuth.KEY_AUTH) {
                config.put("hide_credentials", true).putArray("key_names").add("apikey");
            } else {
                config.put("key_claim_name", "sub");
                config.putArray("claims_to_verify").add("exp").add("nbf");
                config.putArray("header_names").add("authorization");
                config.putArray("uri_param_names");
            }
            authPlugin.set("tags", json.valueToTree(tags));
            entities.put(plane, EntityType.PLUGIN, Optional.empty(), authPlugin);
        }
        String group = PortalTags.aclGroup(version.id());
        Optional<GatewayEntity> acl = plugins.stream().filter(plugin -> "acl".equals(name(plugin))).findFirst();
        if (acl.isEmpty()) {
            ObjectNode created = json.createObjectNode();
            created.put("id", PortalTags.derivedId("acl", version.serviceId()).toString());
            created.put("name", "acl");
            created.putObject("service").put("id", version.serviceId().toString());
            created.putObject("config").put("hide_groups_header", true).putArray("allow").add(group);
            created.set("tags", json.valueToTree(tags));
            entities.put(plane, EntityType.PLUGIN, Optional.empty(), created);
            return;
        }
        ObjectNode document = entities.withReferences(acl.get());
        JsonNode config = document.path("config");
        List<String> allow = new ArrayList<>();
        config.path("allow").forEach(value -> allow.add(value.asString()));
        if (allow.isEmpty() && !config.path("deny").isEmpty()) {
            throw new ConflictException("The service's acl plugin denies groups instead of allowing them; the portal "
                    + "needs an allow list. Change or remove that plugin first.");
        }
        if (allow.contains(group)) {
            return;
        }
        ArrayNode list = ((ObjectNode) document.get("config")).putArray("allow");
        allow.forEach(list::add);
        list.add(group);
        entities.put(plane, EntityType.PLUGIN, acl, document);
    }

    /** Whether another listed version on the same service checks this kind of credential. */
    private boolean otherVersionsUse(ProductVersion version, PlanAuth auth) {
        return jdbc.sql("""
                select count(*) from portal_product_version v
                where v.control_plane_id = :cp and v.service_id = :service and v.id <> :version
                  and v.status in ('published', 'deprecated')
                  and (case when exists (select 1 from portal_plan p where p.version_id = v.id
                                         and p.auth = 'oauth2-client-credentials')
                            then 'oauth2-client-credentials' else 'key-auth' end) = :auth
                """).param("cp", version.controlPlaneId()).param("service", version.serviceId())
                .param("version", version.id()).param("auth", auth.wireName()).query(Long.class).single() > 0;
    }

    private static String name(GatewayEntity plugin) {
        return plugin.document().path("name").asString();
    }
}
