package io.gatehouse.platform.gateways.entities;

import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.gateways.web.ETags;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kong-compatible Admin API of a control plane:
 * {@code /api/v1/control-planes/{cp}/{collection}[/{idOrName}]} and the nested forms Kong has
 * ({@code /services/{service}/routes}, {@code /consumers/{consumer}/key-auth}, {@code /upstreams/{upstream}/targets}, …).
 */
@ApiController("/api/v1/control-planes/{controlPlane}")
@Tag(name = "Gateway entities", description = "Services, routes, upstreams, targets, consumers, credentials, "
        + "plugins, certificates, SNIs and CA certificates of a control plane, in Kong's Admin API shape")
class EntityController {

    private static final String COLLECTIONS = "services, routes, upstreams, consumers, consumer-groups, plugins, "
            + "certificates, snis, ca-certificates; nested: targets, key-auth, basic-auth, jwt, acls";

    /** The nested collections Kong offers, per parent collection. */
    private static final Map<EntityType, Set<EntityType>> NESTED = Map.of(
            EntityType.SERVICE, Set.of(EntityType.ROUTE, EntityType.PLUGIN),
            EntityType.ROUTE, Set.of(EntityType.PLUGIN),
            EntityType.CONSUMER, Set.of(EntityType.KEY_AUTH, EntityType.BASIC_AUTH, EntityType.JWT, EntityType.ACL,
                    EntityType.PLUGIN),
            EntityType.CONSUMER_GROUP, Set.of(EntityType.PLUGIN),
            EntityType.UPSTREAM, Set.of(EntityType.TARGET),
            EntityType.CERTIFICATE, Set.of(EntityType.SNI));

    /** Credentials and targets exist only under their owner. */
    private static final Set<EntityType> NESTED_ONLY = Set.of(EntityType.TARGET, EntityType.KEY_AUTH,
            EntityType.BASIC_AUTH, EntityType.JWT, EntityType.ACL);

    private final GatewayEntities entities;
    private final EntityJson views;
    private final CurrentCaller caller;

    EntityController(GatewayEntities entities, EntityJson views, CurrentCaller caller) {
        this.entities = entities;
        this.views = views;
        this.caller = caller;
    }

    // ---- top level ---------------------------------------------------------------------------------------

    @GetMapping("/{collection}")
    @Operation(summary = "List entities, keyset-paged, filtered by name and tags (a,b = all; a/b = any)")
    ObjectNode list(@PathVariable String controlPlane, @PathVariable @Parameter(description = COLLECTIONS) String collection,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String offset,
            @RequestParam(required = false) String tags, @RequestParam(required = false) String name) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return page(controlPlane, topLevel(collection), null, size, offset, tags, name,
                "/api/v1/control-planes/" + controlPlane + "/" + collection);
    }

    @PostMapping("/{collection}")
    @Operation(summary = "Create an entity")
    ResponseEntity<ObjectNode> create(@PathVariable String controlPlane,
            @PathVariable @Parameter(description = COLLECTIONS) String collection,
            @RequestBody @Schema(type = "object") ObjectNode body) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.create(controlPlane, topLevel(collection), null, body));
    }

    @GetMapping("/{collection}/{entity}")
    @Operation(summary = "Read an entity by id or name")
    ResponseEntity<ObjectNode> get(@PathVariable String controlPlane, @PathVariable String collection,
            @PathVariable String entity) {
        caller.requireOrgRole(OrgRole.VIEWER);
        GatewayEntity found = entities.get(controlPlane, topLevelOrNested(collection), null, entity);
        return ResponseEntity.ok().eTag(ETags.of(found.version())).body(views.present(found));
    }

    @PutMapping("/{collection}/{entity}")
    @Operation(summary = "Replace an entity, or create it under that id or name (Kong's upsert)")
    ResponseEntity<ObjectNode> upsert(@PathVariable String controlPlane, @PathVariable String collection,
            @PathVariable String entity, @RequestBody @Schema(type = "object") ObjectNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.upsert(controlPlane, topLevelOrNested(collection), null, entity, body,
                ETags.expectedVersion(ifMatch)));
    }

    @PatchMapping("/{collection}/{entity}")
    @Operation(summary = "Change some fields of an entity")
    ResponseEntity<ObjectNode> patch(@PathVariable String controlPlane, @PathVariable String collection,
            @PathVariable String entity, @RequestBody @Schema(type = "object") ObjectNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.patch(controlPlane, topLevelOrNested(collection), null, entity, body,
                ETags.expectedVersion(ifMatch)));
    }

    @DeleteMapping("/{collection}/{entity}")
    @Operation(summary = "Delete an entity; ?cascade=true also deletes the entities that use it")
    ResponseEntity<Void> delete(@PathVariable String controlPlane, @PathVariable String collection,
            @PathVariable String entity, @RequestParam(defaultValue = "false") boolean cascade,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        entities.delete(controlPlane, topLevelOrNested(collection), null, entity, cascade,
                ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    // ---- nested ------------------------------------------------------------------------------------------

    @GetMapping("/{parentCollection}/{parent}/{collection}")
    @Operation(summary = "List the entities under a parent (e.g. the routes of a service)")
    ObjectNode listNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String offset,
            @RequestParam(required = false) String tags, @RequestParam(required = false) String name) {
        caller.requireOrgRole(OrgRole.VIEWER);
        Parent owner = parent(parentCollection, parent, collection);
        return page(controlPlane, nested(parentCollection, collection), owner, size, offset, tags, name,
                "/api/v1/control-planes/" + controlPlane + "/" + parentCollection + "/" + parent + "/" + collection);
    }

    @PostMapping("/{parentCollection}/{parent}/{collection}")
    @Operation(summary = "Create an entity under a parent (e.g. a key of a consumer)")
    ResponseEntity<ObjectNode> createNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection,
            @RequestBody @Schema(type = "object") ObjectNode body) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.create(controlPlane, nested(parentCollection, collection),
                parent(parentCollection, parent, collection), body));
    }

    @GetMapping("/{parentCollection}/{parent}/{collection}/{entity}")
    @Operation(summary = "Read an entity under a parent")
    ResponseEntity<ObjectNode> getNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection, @PathVariable String entity) {
        caller.requireOrgRole(OrgRole.VIEWER);
        GatewayEntity found = entities.get(controlPlane, nested(parentCollection, collection),
                parent(parentCollection, parent, collection), entity);
        return ResponseEntity.ok().eTag(ETags.of(found.version())).body(views.present(found));
    }

    @PutMapping("/{parentCollection}/{parent}/{collection}/{entity}")
    @Operation(summary = "Replace or create an entity under a parent")
    ResponseEntity<ObjectNode> upsertNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection, @PathVariable String entity,
            @RequestBody @Schema(type = "object") ObjectNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.upsert(controlPlane, nested(parentCollection, collection),
                parent(parentCollection, parent, collection), entity, body, ETags.expectedVersion(ifMatch)));
    }

    @PatchMapping("/{parentCollection}/{parent}/{collection}/{entity}")
    @Operation(summary = "Change some fields of an entity under a parent")
    ResponseEntity<ObjectNode> patchNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection, @PathVariable String entity,
            @RequestBody @Schema(type = "object") ObjectNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        return written(entities.patch(controlPlane, nested(parentCollection, collection),
                parent(parentCollection, parent, collection), entity, body, ETags.expectedVersion(ifMatch)));
    }

    @DeleteMapping("/{parentCollection}/{parent}/{collection}/{entity}")
    @Operation(summary = "Delete an entity under a parent")
    ResponseEntity<Void> deleteNested(@PathVariable String controlPlane, @PathVariable String parentCollection,
            @PathVariable String parent, @PathVariable String collection, @PathVariable String entity,
            @RequestParam(defaultValue = "false") boolean cascade,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.requireOrgRole(OrgRole.EDITOR);
        entities.delete(controlPlane, nested(parentCollection, collection), parent(parentCollection, parent, collection),
                entity, cascade, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private ObjectNode page(String controlPlane, EntityType type, Parent parent, Integer size, String offset,
            String tags, String name, String path) {
        if (tags != null && tags.contains(",") && tags.contains("/")) {
            throw InvalidInputException.field("tags", "use either a,b (all of them) or a/b (any of them), not both");
        }
        EntityPage page = entities.list(controlPlane, type, parent, EntityFilter.ofTags(tags).withName(name), size,
                offset);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode data = body.putArray("data");
        page.data().forEach(entity -> data.add(views.present(entity)));
        if (page.offset() == null) {
            body.putNull("next");
            body.putNull("offset");
        } else {
            StringBuilder next = new StringBuilder(path).append("?offset=").append(page.offset());
            if (size != null) {
                next.append("&size=").append(size);
            }
            if (tags != null) {
                next.append("&tags=").append(java.net.URLEncoder.encode(tags, java.nio.charset.StandardCharsets.UTF_8));
            }
            body.put("next", next.toString());
            body.put("offset", page.offset());
        }
        return body;
    }

    private ResponseEntity<ObjectNode> written(Written written) {
        return ResponseEntity.status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(ETags.of(written.entity().version()))
                .body(views.present(written));
    }

    private static EntityType topLevel(String collection) {
        EntityType type = collection(collection);
        if (NESTED_ONLY.contains(type)) {
            throw new NotFoundException("collection", collection);
        }
        return type;
    }

    /** Kong also reads, replaces and deletes credentials and targets by id at the top level. */
    private static EntityType topLevelOrNested(String collection) {
        return collection(collection);
    }

    private static EntityType collection(String collection) {
        return EntityType.byPath(collection).orElseThrow(() -> new NotFoundException("collection", collection));
    }

    private static EntityType nested(String parentCollection, String collection) {
        EntityType parentType = collection(parentCollection);
        EntityType type = collection(collection);
        if (!NESTED.getOrDefault(parentType, Set.of()).contains(type)) {
            throw new NotFoundException("collection", parentCollection + "/…/" + collection);
        }
        return type;
    }

    private static Parent parent(String parentCollection, String parent, String collection) {
        EntityType parentType = collection(parentCollection);
        EntityType type = nested(parentCollection, collection);
        EntityType.Reference reference = type.references().stream().filter(r -> r.target() == parentType).findFirst()
                .orElseThrow(() -> new NotFoundException("collection", parentCollection + "/…/" + collection));
        return new Parent(reference, parent);
    }
}
