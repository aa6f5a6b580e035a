package io.gatehouse.platform.portal.products;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

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
 * write path: a key-auth plugin on the service (unless it already has one) and an acl plugin that allows the
 * version's group ({@link PortalTags#aclGroup}); an existing allow-list acl plugin gets the group added. From
 * then on a call needs a key of an application registered for one of the service's versions: no key or an
 * unknown key is a 401, a key of an application not registered for this version a 403.
 */
@Component
class ServiceGuard {

    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final JsonMapper json = JsonMapper.builder().build();

    ServiceGuard(ControlPlanes controlPlanes, GatewayEntities entities) {
        this.controlPlanes = controlPlanes;
        this.entities = entities;
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
        if (plugins.stream().noneMatch(plugin -> "key-auth".equals(name(plugin)))) {
            ObjectNode keyAuth = json.createObjectNode();
            keyAuth.put("id", PortalTags.derivedId("key-auth", version.serviceId()).toString());
            keyAuth.put("name", "key-auth");
            keyAuth.putObject("service").put("id", version.serviceId().toString());
            keyAuth.putObject("config").put("hide_credentials", true).putArray("key_names").add("apikey");
            keyAuth.set("tags", json.valueToTree(tags));
            entities.put(plane, EntityType.PLUGIN, Optional.empty(), keyAuth);
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

    private static String name(GatewayEntity plugin) {
        return plugin.document().path("name").asString();
    }
}
