package io.gatehouse.platform.gateways.entities;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlaneRevisions;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.controlplanes.EntityChange;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.errors.PreconditionFailedException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entities of a control plane (services, routes, upstreams, targets, consumers, credentials, plugins,
 * certificates, …): create, read, list, replace, patch and delete, addressed by id or by name.
 *
 * <p>Every write goes the same way: references ({@code "service": {"id"|"name": …}}) are resolved inside the
 * control plane into reference columns; write-only fields the caller left out (a certificate's key, a
 * credential's hash) are kept from the stored entity; the gateway's own schema validates the result
 * ({@link GatewaySchema}); clear secrets are replaced by their hashes; then the row is written, the control
 * plane's revision bumped with a change-log row, and the change audited, all in the caller's transaction.
 */
@Service
public class GatewayEntities {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    private static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at");

    private final ControlPlanes controlPlanes;
    private final ControlPlaneRevisions revisions;
    private final EntityStore store;
    private final GatewaySchema schema;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    GatewayEntities(ControlPlanes controlPlanes, ControlPlaneRevisions revisions, EntityStore store,
            GatewaySchema schema, AuditLog audit, JsonMapper json, Clock clock) {
        this.controlPlanes = controlPlanes;
        this.revisions = revisions;
        this.store = store;
        this.schema = schema;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ---- reads -------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public GatewayEntity get(String controlPlane, EntityType type, Parent parent, String idOrName) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        return find(plane, type, parent, idOrName).orElseThrow(() -> notFound(type, idOrName));
    }

    /** The entity with that id or name, if the control plane has one. */
    @Transactional(readOnly = true)
    public Optional<GatewayEntity> find(ControlPlane plane, EntityType type, String idOrName) {
        return find(plane, type, null, idOrName);
    }

    /** A page of entities in id order; {@code offset} is the token of the previous page, or {@code null}. */
    @Transactional(readOnly = true)
    public EntityPage list(String controlPlane, EntityType type, Parent parent, EntityFilter filter, Integer size,
            String offset) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        int limit = size == null ? DEFAULT_PAGE_SIZE : size;
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw InvalidInputException.field("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        EntityFilter effective = filter;
        if (parent != null) {
            GatewayEntity owner = resolveParent(plane, parent);
            effective = effective.withReference(parent.reference(), owner.id());
        }
        List<GatewayEntity> rows = store.page(plane.id(), type, effective, decodeOffset(offset), limit + 1);
        if (rows.size() <= limit) {
            return new EntityPage(rows, null);
        }
        List<GatewayEntity> page = rows.subList(0, limit);
        return new EntityPage(List.copyOf(page), encodeOffset(page.get(limit - 1).id()));
    }

    /** Every entity of a control plane (for export). */
    @Transactional(readOnly = true)
    public List<GatewayEntity> all(ControlPlane plane) {
        return store.all(plane.id());
    }

    // ---- writes ------------------------------------------------------------------------------------------

    @Transactional
    public Written create(String controlPlane, EntityType type, Parent parent, ObjectNode body) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        return write(plane, type, parent, Optional.empty(), body.deepCopy(), null);
    }

    /** Kong's PUT: replaces the entity with that id or name, or creates it under that id or name. */
    @Transactional
    public Written upsert(String controlPlane, EntityType type, Parent parent, String idOrName, ObjectNode body,
            Long expectedVersion) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        Optional<GatewayEntity> existing = find(plane, type, parent, idOrName);
        ObjectNode document = body.deepCopy();
        if (existing.isEmpty()) {
            if (expectedVersion != null) {
                throw new PreconditionFailedException(type.wireName() + " '" + idOrName + "' does not exist");
            }
            UUID id = Ids.uuidOrNull(idOrName);
            if (id != null) {
                document.put("id", id.toString());
            } else if (type.nameField() != null) {
                document.put(type.nameField(), idOrName);
            } else {
                throw notFound(type, idOrName);
            }
        }
        return write(plane, type, parent, existing, document, expectedVersion);
    }

    /** Kong's PATCH: merges the given fields into the entity (objects field by field, a null removes a field). */
    @Transactional
    public Written patch(String controlPlane, EntityType type, Parent parent, String idOrName, ObjectNode body,
            Long expectedVersion) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        GatewayEntity existing = find(plane, type, parent, idOrName).orElseThrow(() -> notFound(type, idOrName));
        ObjectNode merged = withReferences(existing);
        Secrets.dropStoredIfReplaced(type, merged, body);
        merge(merged, body);
        return write(plane, type, parent, Optional.of(existing), merged, expectedVersion);
    }

    /**
     * Deletes an entity. What it owns goes with it, as in Kong: a consumer's credentials, an upstream's
     * targets, a certificate's SNIs and the plugins scoped to it. Other entities that use it (the routes of a
     * service) make it a conflict unless {@code cascade} is set, in which case they are deleted too.
     */
    @Transactional
    public long delete(String controlPlane, EntityType type, Parent parent, String idOrName, boolean cascade,
            Long expectedVersion) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        GatewayEntity entity = find(plane, type, parent, idOrName).orElseThrow(() -> notFound(type, idOrName));
        checkVersion(entity, expectedVersion);
        List<GatewayEntity> doomed = new ArrayList<>();
        collectDependents(plane, entity, cascade, doomed, new LinkedHashSet<>());
        long revision = 0;
        for (GatewayEntity victim : doomed) {
            revision = remove(plane, victim);
        }
        return revision;
    }

    /** Deletes one entity whose dependents are already gone (declarative import deletes in dependency order). */
    @Transactional
    public long deleteOne(ControlPlane plane, GatewayEntity entity) {
        return remove(plane, entity);
    }

    /**
     * Writes a whole, already resolved entity: the path declarative import takes. {@code document} holds
     * references as {@code {"id": …}}; {@code existing} is the entity it replaces, if any.
     */
    @Transactional
    public Written put(ControlPlane plane, EntityType type, Optional<GatewayEntity> existing, ObjectNode document) {
        return write(plane, type, null, existing, document.deepCopy(), null);
    }

    /**
     * The problems the gateway's schema finds in a document (references may be names or ids), without
     * writing anything: declarative import checks a whole file this way before it applies any of it.
     */
    public List<FieldViolation> check(EntityType type, ObjectNode document) {
        try {
            schema.validate(type, document);
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations();
        }
    }

    // ---- the write path ----------------------------------------------------------------------------------

    private Written write(ControlPlane plane, EntityType type, Parent parent, Optional<GatewayEntity> existing,
            ObjectNode document, Long expectedVersion) {
        existing.ifPresent(current -> checkVersion(current, expectedVersion));
        READ_ONLY.forEach(field -> {
            if (!"id".equals(field) || existing.isPresent()) {
                document.remove(field);
            }
        });
        UUID id = existing.map(GatewayEntity::id).orElseGet(() -> newId(document));
        document.remove("id");

        List<FieldViolation> violations = new ArrayList<>();
        Map<EntityType.Reference, UUID> references = resolveReferences(plane, type, parent, document, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Validation failed", violations);
        }
        existing.ifPresent(current -> Secrets.keepWriteOnly(type, current.document(), document));
        String generatedKey = existing.isEmpty() ? Secrets.generateKeyIfMissing(type, document, random) : null;

        schema.validate(type, forGateway(id, document, references));
        Secrets.hash(type, document, schema.secretHashes());

        Instant now = clock.instant();
        String name = type.nameField() == null || !document.path(type.nameField()).isString() ? null
                : document.get(type.nameField()).asString();
        List<String> tags = json.convertValue(document.path("tags").isArray() ? document.get("tags")
                : json.createArrayNode(), new TypeReference<List<String>>() {
                });
        GatewayEntity stored = new GatewayEntity(id, plane.id(), type, name, tags, document, references,
                existing.map(GatewayEntity::createdAt).orElse(now), now,
                existing.map(current -> current.version() + 1).orElse(0L));
        try {
            if (existing.isPresent()) {
                if (!store.update(stored, existing.get().version())) {
                    throw new PreconditionFailedException("The " + type.wireName()
                            + " was changed by someone else; reload it and try again.");
                }
            } else {
                store.insert(stored, plane.org().value());
            }
        } catch (DuplicateKeyException e) {
            throw duplicate(type, stored, e);
        }
        long revision = revisions.record(plane.id(), type.wireName(), id,
                existing.isPresent() ? EntityChange.Op.UPDATE : EntityChange.Op.CREATE);
        audit.recordChange(existing.isPresent() ? "update" : "create", "gateway_" + type.wireName(), id,
                existing.map(this::auditSnapshot).orElse(Map.of()), auditSnapshot(stored));
        return new Written(stored, existing.isEmpty(), revision, generatedKey);
    }

    private long remove(ControlPlane plane, GatewayEntity entity) {
        try {
            store.delete(plane.id(), entity.id());
        } catch (DataIntegrityViolationException e) {
            throw stillReferenced(entity, store.referencing(plane.id(), entity.id()));
        }
        long revision = revisions.record(plane.id(), entity.type().wireName(), entity.id(), EntityChange.Op.DELETE);
        audit.recordChange("delete", "gateway_" + entity.type().wireName(), entity.id(), auditSnapshot(entity), Map.of());
        return revision;
    }

    /** Adds the entity's dependents (depth first) and then the entity itself to {@code doomed}. */
    private void collectDependents(ControlPlane plane, GatewayEntity entity, boolean cascade,
            List<GatewayEntity> doomed, Set<UUID> seen) {
        if (!seen.add(entity.id())) {
            return;
        }
        List<GatewayEntity> dependents = store.referencing(plane.id(), entity.id());
        List<GatewayEntity> blocking = dependents.stream().filter(dependent -> !ownedBy(dependent, entity)).toList();
        if (!blocking.isEmpty() && !cascade) {
            throw stillReferenced(entity, blocking);
        }
        for (GatewayEntity dependent : dependents) {
            collectDependents(plane, dependent, cascade, doomed, seen);
        }
        doomed.add(entity);
    }

    private static boolean ownedBy(GatewayEntity dependent, GatewayEntity owner) {
        if (dependent.type() == EntityType.PLUGIN) {
            return true;
        }
        return dependent.type().owner().map(reference -> owner.id().equals(dependent.reference(reference)))
                .orElse(false);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private Optional<GatewayEntity> find(ControlPlane plane, EntityType type, Parent parent, String idOrName) {
        UUID id = Ids.uuidOrNull(idOrName);
        Optional<GatewayEntity> found = id != null ? store.findById(plane.id(), type, id) : Optional.empty();
        if (found.isEmpty() && type.nameField() != null) {
            found = store.findByName(plane.id(), type, idOrName);
        }
        if (found.isPresent() && parent != null) {
            GatewayEntity owner = resolveParent(plane, parent);
            if (!owner.id().equals(found.get().reference(parent.reference()))) {
                return Optional.empty();
            }
        }
        return found;
    }

    private GatewayEntity resolveParent(ControlPlane plane, Parent parent) {
        return find(plane, parent.reference().target(), null, parent.idOrName())
                .orElseThrow(() -> notFound(parent.reference().target(), parent.idOrName()));
    }

    private Map<EntityType.Reference, UUID> resolveReferences(ControlPlane plane, EntityType type, Parent parent,
            ObjectNode document, List<FieldViolation> violations) {
        Map<EntityType.Reference, UUID> references = new EnumMap<>(EntityType.Reference.class);
        if (parent != null) {
            references.put(parent.reference(), resolveParent(plane, parent).id());
            document.remove(parent.reference().field());
        }
        for (EntityType.Reference reference : type.references()) {
            JsonNode value = document.remove(reference.field());
            if (references.containsKey(reference) || value == null || value.isNull()) {
                continue;
            }
            String key = referenceKey(value);
            if (key == null) {
                violations.add(new FieldViolation(reference.field(),
                        "must be an id, a name, or an object with \"id\" or \"name\""));
                continue;
            }
            Optional<GatewayEntity> target = find(plane, reference.target(), null, key);
            if (target.isEmpty()) {
                violations.add(new FieldViolation(reference.field(),
                        "no " + reference.target().wireName() + " '" + key + "' in this control plane"));
            } else {
                references.put(reference, target.get().id());
            }
        }
        type.owner().filter(owner -> !references.containsKey(owner)).ifPresent(owner ->
                violations.add(new FieldViolation(owner.field(), "is required")));
        return references;
    }

    private static String referenceKey(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isObject()) {
            for (String field : List.of("id", "name", "username")) {
                if (value.path(field).isString()) {
                    return value.get(field).asString();
                }
            }
        }
        return null;
    }

    /** The document as the gateway's schema reads it: with its id and references as {@code {"id": …}}. */
    private ObjectNode forGateway(UUID id, ObjectNode document, Map<EntityType.Reference, UUID> references) {
        ObjectNode full = json.createObjectNode();
        full.put("id", id.toString());
        full.setAll(document);
        references.forEach((reference, target) -> full.putObject(reference.field()).put("id", target.toString()));
        return full;
    }

    /** The stored document with its references as {@code {"id": …}}, the base a patch merges into. */
    public ObjectNode withReferences(GatewayEntity entity) {
        ObjectNode full = entity.document().deepCopy();
        entity.references().forEach((reference, target) -> full.putObject(reference.field()).put("id", target.toString()));
        return full;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode current = target.get(field.getKey());
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (current != null && current.isObject() && field.getValue().isObject()
                    && !isReferenceField(field.getKey())) {
                merge((ObjectNode) current, (ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static boolean isReferenceField(String field) {
        for (EntityType.Reference reference : EntityType.Reference.values()) {
            if (reference.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static UUID newId(ObjectNode document) {
        JsonNode given = document.get("id");
        if (given == null || given.isNull()) {
            return UUID.randomUUID();
        }
        UUID id = given.isString() ? Ids.uuidOrNull(given.asString()) : null;
        if (id == null) {
            throw InvalidInputException.field("id", ConfigMessages.INVALID_UUID);
        }
        return id;
    }

    private static void checkVersion(GatewayEntity entity, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != entity.version()) {
            throw new PreconditionFailedException("The " + entity.type().wireName() + " is at version "
                    + entity.version() + ", not " + expectedVersion + "; reload it and try again.");
        }
    }

    private Map<String, Object> auditSnapshot(GatewayEntity entity) {
        Map<String, Object> snapshot = new LinkedHashMap<>(json.convertValue(entity.document(),
                new TypeReference<Map<String, Object>>() {
                }));
        entity.references().forEach((reference, id) -> snapshot.put(reference.field(), id.toString()));
        return snapshot;
    }

    private static NotFoundException notFound(EntityType type, String idOrName) {
        return new NotFoundException(type.wireName(), idOrName);
    }

    private static ConflictException duplicate(EntityType type, GatewayEntity entity, DuplicateKeyException cause) {
        if (type == EntityType.CONSUMER && String.valueOf(cause.getMessage()).contains("gw_entity_custom_id_key")) {
            return new ConflictException("A consumer with custom_id '" + entity.document().path("custom_id").asString()
                    + "' already exists in this control plane.");
        }
        if (type == EntityType.KEY_AUTH) {
            return new ConflictException("This key is already in use in this control plane; choose another one.");
        }
        if (type == EntityType.ACL) {
            return new ConflictException("The consumer is already in the ACL group '"
                    + entity.document().path("group").asString() + "'.");
        }
        if (type == EntityType.TARGET) {
            return new ConflictException("The upstream already has the target '"
                    + entity.document().path("target").asString() + "'.");
        }
        if (type == EntityType.PLUGIN && entity.name() == null) {
            return new ConflictException("The plugin '" + entity.document().path("name").asString()
                    + "' is already configured for this scope; update that instance instead.");
        }
        return new ConflictException(entity.name() != null
                ? "A " + type.wireName() + " named '" + entity.name() + "' already exists in this control plane."
                : "A " + type.wireName() + " with id '" + entity.id() + "' already exists.");
    }

    static ConflictException stillReferenced(GatewayEntity entity, List<GatewayEntity> referencing) {
        String users = referencing.stream()
                .map(user -> user.type().wireName() + " '" + (user.name() != null ? user.name() : user.id()) + "'")
                .collect(Collectors.joining(", "));
        return new ConflictException("The " + entity.type().wireName() + " '"
                + (entity.name() != null ? entity.name() : entity.id()) + "' is used by " + users
                + "; delete or move those first, or delete with ?cascade=true.");
    }

    static String encodeOffset(UUID last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
    }

    static UUID decodeOffset(String offset) {
        if (offset == null || offset.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(offset), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("offset", "is not a token from a previous page");
        }
    }
}
