package io.gatehouse.platform.portal.apps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityFilter;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.oauth.ApplicationClients;
import io.gatehouse.platform.portal.PortalScopes;
import io.gatehouse.platform.portal.PortalTags;
import io.gatehouse.platform.portal.developers.DeveloperStatusChanged;
import io.gatehouse.platform.portal.products.VersionStatusChanged;
import io.gatehouse.platform.tenancy.OrgId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the gateways' consumers match the portal: for each control plane where an application has approved
 * registrations (of versions that are not retired, by a developer who is active), one consumer
 * ({@code portal-app-<id>}), a key-auth credential per working API key (its SHA-256 only, with
 * {@code expires_at}), a jwt credential per working OAuth2 client (key = the client id, which the platform's
 * authorization server puts in its tokens' {@code sub}; RS256 with the platform's current public signing key), an
 * ACL group per registered version ({@link PortalTags#aclGroup}) and, for a plan with a
 * limit, a rate-limiting plugin scoped to the consumer and the version's service. Everything else
 * the portal once wrote for the application (found by its tag) is deleted.
 *
 * <p>Every write goes through {@link GatewayEntities}, the one write path: the control plane's revision is
 * bumped, the change logged and audited, and config sync pushes it to the gateways after commit. Entity ids are
 * derived from what they stand for, so reconciling twice writes nothing the second time. It runs in the
 * caller's transaction after every change that affects an application: a registration decided or revoked, a
 * key issued, rotated or revoked, an application deleted, a version retired, a developer suspended.
 */
@Component
class ConsumerProvisioning {

    private final JdbcClient jdbc;
    private final PortalScopes scopes;
    private final AppRows rows;
    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final ApplicationClients clients;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ConsumerProvisioning(JdbcClient jdbc, PortalScopes scopes, AppRows rows, ControlPlanes controlPlanes,
            GatewayEntities entities, ApplicationClients clients, Clock clock) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        this.rows = rows;
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.clients = clients;
        this.clock = clock;
    }

    /** One approved registration as the gateways need it. */
    private record Grant(UUID versionId, UUID controlPlaneId, UUID serviceId, Integer perMinute) {
    }

    /** Brings the gateway entities of one application in line with its registrations and credentials. */
    void reconcile(OrgId org, UUID applicationId) {
        scopes.run(org, () -> {
            Instant now = clock.instant();
            boolean live = rows.application(applicationId).isPresent() && jdbc.sql("""
                    select d.status = 'active' from portal_application a join portal_developer d on d.id = a.developer_id
                    where a.id = :app
                    """).param("app", applicationId).query(Boolean.class).optional().orElse(false);
            List<Grant> grants = !live ? List.of() : jdbc.sql("""
                    select r.version_id, v.control_plane_id, v.service_id, p.rate_limit_per_minute
                    from portal_registration r
                    join portal_product_version v on v.id = r.version_id
                    join portal_plan p on p.id = r.plan_id
                    where r.application_id = :app and r.status = 'approved' and v.status in ('published', 'deprecated')
                    """).param("app", applicationId)
                    .query((rs, n) -> new Grant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), (Integer) rs.getObject(4))).list();
            List<Credential> keys = !live ? List.of() : rows.credentials(applicationId).stream()
                    .filter(credential -> credential.kind() == CredentialKind.API_KEY && credential.active(now)).toList();
            List<Credential> oauthClients = !live ? List.of() : rows.credentials(applicationId).stream()
                    .filter(credential -> credential.kind() == CredentialKind.OAUTH2_CLIENT && credential.active(now))
                    .toList();
            String publicKey = oauthClients.isEmpty() ? null : clients.signingKeyPem();
            Map<UUID, String> hashes = new HashMap<>();
            for (Credential key : keys) {
                hashes.put(key.id(), jdbc.sql("select key_hash from portal_credential where id = :id")
                        .param("id", key.id()).query(String.class).single());
            }
            for (ControlPlane plane : controlPlanes.list()) {
                List<Grant> here = grants.stream().filter(grant -> grant.controlPlaneId().equals(plane.id())).toList();
                apply(plane, applicationId, here, keys, hashes, oauthClients, publicKey);
            }
        });
    }

    /** Reconciles every application registered for a version whose status changed. */
    @EventListener
    void versionChanged(VersionStatusChanged event) {
        List<UUID> applications = scopes.in(event.org(), () -> jdbc.sql(
                "select distinct application_id from portal_registration where version_id = :v and status = 'approved'")
                .param("v", event.versionId()).query(UUID.class).list());
        applications.forEach(app -> reconcile(event.org(), app));
    }

    /** Reconciles every application of a developer who was suspended or reinstated. */
    @EventListener
    void developerChanged(DeveloperStatusChanged event) {
        List<UUID> applications = scopes.in(event.org(), () -> jdbc.sql(
                "select id from portal_application where developer_id = :d").param("d", event.developerId())
                .query(UUID.class).list());
        applications.forEach(app -> reconcile(event.org(), app));
    }

    private void apply(ControlPlane plane, UUID applicationId, List<Grant> grants, List<Credential> keys,
            Map<UUID, String> hashes, List<Credential> oauthClients, String publicKey) {
        List<UUID> versions = grants.stream().map(Grant::versionId).toList();
        String tag = PortalTags.application(applicationId);
        Map<UUID, GatewayEntity> existing = new LinkedHashMap<>();
        for (EntityType type : List.of(EntityType.PLUGIN, EntityType.KEY_AUTH, EntityType.JWT, EntityType.ACL,
                EntityType.CONSUMER)) {
            entities.list(plane.id().toString(), type, null, EntityFilter.ofTags(tag), GatewayEntities.MAX_PAGE_SIZE, null)
                    .data().forEach(entity -> existing.put(entity.id(), entity));
        }
        if (versions.isEmpty()) {
            existing.values().stream().filter(entity -> entity.type() == EntityType.CONSUMER)
                    .forEach(consumer -> entities.delete(plane.id().toString(), EntityType.CONSUMER, null,
                            consumer.id().toString(), true, null));
            List<GatewayEntity> orphans = existing.values().stream()
                    .filter(entity -> entity.type() != EntityType.CONSUMER).toList();
            for (GatewayEntity orphan : orphans) {
                if (entities.find(plane, orphan.type(), orphan.id().toString()).isPresent()) {
                    entities.deleteOne(plane, orphan);
                }
            }
            return;
        }
        UUID consumerId = PortalTags.consumerId(applicationId, plane.id());
        List<ObjectNode> desired = new ArrayList<>();
        ObjectNode consumer = document(consumerId, applicationId);
        consumer.put("username", PortalTags.consumerName(applicationId));
        consumer.put("custom_id", applicationId.toString());
        for (Credential key : keys) {
            ObjectNode credential = document(PortalTags.derivedId("key", key.id(), plane.id()), applicationId);
            credential.put("key_hash", hashes.get(key.id()));
            if (key.expiresAt() != null) {
                credential.put("expires_at", key.expiresAt().getEpochSecond());
            }
            credential.putObject("consumer").put("id", consumerId.toString());
            credential.put("_type", EntityType.KEY_AUTH.name());
            desired.add(credential);
        }
        for (Credential client : oauthClients) {
            ObjectNode credential = document(PortalTags.derivedId("jwt", client.id(), plane.id()), applicationId);
            credential.put("key", client.clientId());
            credential.put("algorithm", "RS256");
            credential.put("rsa_public_key", publicKey);
            credential.putObject("consumer").put("id", consumerId.toString());
            credential.put("_type", EntityType.JWT.name());
            desired.add(credential);
        }
        for (UUID version : versions) {
            ObjectNode acl = document(PortalTags.derivedId("acl", applicationId, version), applicationId);
            acl.put("group", PortalTags.aclGroup(version));
            acl.putObject("consumer").put("id", consumerId.toString());
            acl.put("_type", EntityType.ACL.name());
            desired.add(acl);
        }
        // A plan's limit becomes a rate-limiting plugin scoped to this consumer on the version's service (the
        // strictest limit when several registered versions share a service).
        Map<UUID, Integer> limits = new LinkedHashMap<>();
        grants.stream().filter(grant -> grant.perMinute() != null)
                .forEach(grant -> limits.merge(grant.serviceId(), grant.perMinute(), Math::min));
        limits.forEach((service, perMinute) -> {
            ObjectNode plugin = document(PortalTags.derivedId("rate-limiting", applicationId, service), applicationId);
            plugin.put("name", "rate-limiting");
            plugin.putObject("consumer").put("id", consumerId.toString());
            plugin.putObject("service").put("id", service.toString());
            plugin.putObject("config").put("minute", perMinute).put("limit_by", "consumer");
            plugin.put("_type", EntityType.PLUGIN.name());
            desired.add(plugin);
        });
        List<UUID> wanted = new ArrayList<>(desired.stream().map(doc -> UUID.fromString(doc.get("id").asString())).toList());
        wanted.add(consumerId);
        for (GatewayEntity entity : existing.values()) {
            if (entity.type() != EntityType.CONSUMER && !wanted.contains(entity.id())) {
                entities.deleteOne(plane, entity);
            }
        }
        write(plane, EntityType.CONSUMER, Optional.ofNullable(existing.get(consumerId)), consumer);
        for (ObjectNode document : desired) {
            EntityType type = EntityType.valueOf(document.remove("_type").asString());
            UUID id = UUID.fromString(document.get("id").asString());
            write(plane, type, Optional.ofNullable(existing.get(id)), document);
        }
    }

    /** Writes the entity unless the stored one already says the same. */
    private void write(ControlPlane plane, EntityType type, Optional<GatewayEntity> current, ObjectNode document) {
        if (current.isPresent() && same(entities.withReferences(current.get()), document)) {
            return;
        }
        ObjectNode body = document.deepCopy();
        if (current.isPresent()) {
            body.remove("id");
        }
        entities.put(plane, type, current, body);
    }

    private static boolean same(ObjectNode stored, ObjectNode wanted) {
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            if (field.getKey().equals("id")) {
                continue;
            }
            if (!Objects.equals(stored.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return stored.has("expires_at") == wanted.has("expires_at");
    }

    private ObjectNode document(UUID id, UUID applicationId) {
        ObjectNode document = json.createObjectNode();
        document.put("id", id.toString());
        document.set("tags", json.valueToTree(PortalTags.forApplication(applicationId)));
        return document;
    }
}
