package io.gatehouse.platform.gateways.declarative;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.entities.EntityJson;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.EntityType.Reference;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kong-style declarative configuration ({@code _format_version: "3.0"}) of a control plane: export the
 * whole configuration, and import one with replace semantics.
 *
 * <p>Import reads the file into flat entities (routes nested in services, credentials in consumers, targets in
 * upstreams, plugins in the entity they are scoped to), validates every one with the gateway's schema and
 * resolves the references between them, all before writing anything, so a bad file is one 400 listing every
 * problem with its path in the file. Entities are matched to stored ones by id, else by their natural key
 * (name, a key's hash, a plugin's name and scope, …); only those whose definition differs are written, and
 * stored entities the file does not mention are deleted. A second import of the same file is therefore
 * empty, and an export imports back without change. Clear secrets never appear in an export: key-auth keys
 * and basic-auth passwords as their hashes, JWT secrets and certificate keys not at all (a re-import keeps
 * the stored ones).
 */
@Service
public class DeclarativeConfigs {

    static final String FORMAT_VERSION = "3.0";

    /** Types in the order they are created: what is referenced comes before what references it. */
    static final List<EntityType> CREATE_ORDER = List.of(EntityType.SERVICE, EntityType.UPSTREAM,
            EntityType.CONSUMER_GROUP, EntityType.CONSUMER, EntityType.CERTIFICATE, EntityType.CA_CERTIFICATE,
            EntityType.ROUTE, EntityType.TARGET, EntityType.SNI, EntityType.KEY_AUTH, EntityType.BASIC_AUTH,
            EntityType.JWT, EntityType.ACL, EntityType.PLUGIN);

    private static final Map<String, EntityType> CONSUMER_CHILDREN = Map.of(
            "keyauth_credentials", EntityType.KEY_AUTH, "basicauth_credentials", EntityType.BASIC_AUTH,
            "jwt_secrets", EntityType.JWT, "acls", EntityType.ACL);
    private static final Set<String> ROOT_KEYS = Set.of("_format_version", "services", "routes", "upstreams",
            "consumers", "consumer_groups", "plugins", "certificates", "snis", "ca_certificates");

    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;
    private final EntityJson views;

    DeclarativeConfigs(ControlPlanes controlPlanes, GatewayEntities entities, EntityJson views) {
        this.controlPlanes = controlPlanes;
        this.entities = entities;
        this.views = views;
    }

    // ---- export ------------------------------------------------------------------------------------------

    /** The whole configuration of a control plane as a declarative document. */
    @Transactional(readOnly = true)
    public ObjectNode export(String controlPlane) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        List<GatewayEntity> all = new ArrayList<>(entities.all(plane));
        all.sort(Comparator.comparing((GatewayEntity e) -> e.name() == null ? "" : e.name())
                .thenComparing(e -> e.document().toString()).thenComparing(GatewayEntity::id));
        Map<UUID, GatewayEntity> byId = new HashMap<>();
        all.forEach(entity -> byId.put(entity.id(), entity));

        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("_format_version", FORMAT_VERSION);
        Map<UUID, ObjectNode> exported = new HashMap<>();
        for (EntityType type : CREATE_ORDER) {
            for (GatewayEntity entity : all) {
                if (entity.type() != type) {
                    continue;
                }
                ObjectNode document = JsonNodeFactory.instance.objectNode();
                if (naturalKey(entity.type(), entity.document(), entity.references()) == null) {
                    document.put("id", entity.id().toString());
                }
                document.setAll(views.exported(entity));
                exported.put(entity.id(), document);
                Optional<Reference> nestUnder = nestingParent(entity);
                for (Reference reference : entity.type().references()) {
                    UUID target = entity.reference(reference);
                    if (target != null && !nestUnder.equals(Optional.of(reference))) {
                        document.set(reference.field(), referenceTo(byId.get(target)));
                    }
                }
                if (nestUnder.isPresent()) {
                    ObjectNode parent = exported.get(entity.reference(nestUnder.get()));
                    childArray(parent, childKey(entity.type())).add(document);
                } else {
                    childArray(root, entity.type().declarativeKey()).add(document);
                }
            }
        }
        return root;
    }

    /** Where Kong's declarative format nests an entity: under its owner, or the one entity a plugin is scoped to. */
    private static Optional<Reference> nestingParent(GatewayEntity entity) {
        if (entity.type() == EntityType.PLUGIN) {
            return entity.references().size() == 1 ? Optional.of(entity.references().keySet().iterator().next())
                    : Optional.empty();
        }
        if (entity.type() == EntityType.ROUTE) {
            return entity.reference(Reference.SERVICE) != null ? Optional.of(Reference.SERVICE) : Optional.empty();
        }
        if (entity.type() == EntityType.SNI) {
            return Optional.empty();
        }
        return entity.type().owner();
    }

    private static String childKey(EntityType type) {
        return type == EntityType.ROUTE ? "routes" : type.declarativeKey();
    }

    private static ArrayNode childArray(ObjectNode parent, String key) {
        return parent.has(key) ? (ArrayNode) parent.get(key) : parent.putArray(key);
    }

    private static JsonNode referenceTo(GatewayEntity target) {
        if (target.name() != null) {
            return JsonNodeFactory.instance.stringNode(target.name());
        }
        ObjectNode byId = JsonNodeFactory.instance.objectNode();
        byId.put("id", target.id().toString());
        return byId;
    }

    // ---- import ------------------------------------------------------------------------------------------

    /** An entity the file asks for, with the references still as written. */
    private static final class Desired {
        final EntityType type;
        final String path;
        final ObjectNode document;
        final Map<Reference, Object> references = new EnumMap<>(Reference.class);
        final Map<Reference, UUID> resolved = new EnumMap<>(Reference.class);
        UUID id;
        GatewayEntity existing;

        Desired(EntityType type, String path, ObjectNode document) {
            this.type = type;
            this.path = path;
            this.document = document;
        }

        String name() {
            return type.nameField() != null && document.path(type.nameField()).isString()
                    ? document.get(type.nameField()).asString() : null;
        }
    }

    /**
     * Imports a declarative document into a control plane: validated as a whole, then applied in this one
     * transaction (or, with {@code dryRun}, only compared).
     */
    @Transactional
    public ConfigDiff importConfig(String controlPlane, JsonNode file, boolean dryRun) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        List<FieldViolation> violations = new ArrayList<>();
        List<Desired> desired = flatten(file, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The declarative configuration is not valid", violations);
        }
        for (Desired entity : desired) {
            ObjectNode checked = entity.document.deepCopy();
            entity.references.forEach((reference, target) -> checked.set(reference.field(),
                    target instanceof Desired parent ? idNode(parent.document.path("id").asString(null), parent.name())
                            : JsonNodeFactory.instance.stringNode((String) target)));
            entities.check(entity.type, checked).forEach(violation -> violations.add(
                    new FieldViolation(violation.field().isEmpty() ? entity.path : entity.path + "." + violation.field(),
                            violation.message())));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The declarative configuration is not valid", violations);
        }

        List<GatewayEntity> stored = entities.all(plane);
        Map<String, GatewayEntity> storedByKey = new HashMap<>();
        Map<UUID, GatewayEntity> storedById = new HashMap<>();
        for (GatewayEntity entity : stored) {
            storedById.put(entity.id(), entity);
            String key = naturalKey(entity.type(), entity.document(), entity.references());
            if (key != null) {
                storedByKey.put(entity.type() + "|" + key, entity);
            }
        }
        Map<UUID, Desired> claimed = new HashMap<>();
        List<Desired> ordered = new ArrayList<>(desired);
        ordered.sort(Comparator.comparingInt(entity -> CREATE_ORDER.indexOf(entity.type)));
        for (Desired entity : ordered) {
            resolveReferences(entity, desired, violations);
            if (entity.document.hasNonNull("id")) {
                UUID id = parseId(entity, violations);
                GatewayEntity match = storedById.get(id);
                entity.existing = match != null && match.type() == entity.type ? match : null;
                entity.id = id;
            } else {
                String key = naturalKey(entity.type, normalizedForKey(entity), entity.resolved);
                entity.existing = key == null ? null : storedByKey.get(entity.type + "|" + key);
                entity.id = entity.existing != null ? entity.existing.id() : UUID.randomUUID();
            }
            Desired previous = entity.id == null ? null : claimed.putIfAbsent(entity.id, entity);
            if (previous != null) {
                violations.add(new FieldViolation(entity.path, "describes the same " + entity.type.wireName()
                        + " as " + previous.path));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The declarative configuration is not valid", violations);
        }

        List<ConfigDiff.Entry> created = new ArrayList<>();
        List<ConfigDiff.Entry> updated = new ArrayList<>();
        List<ConfigDiff.Entry> deleted = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        for (Desired entity : ordered) {
            ObjectNode target = finalDocument(entity);
            if (entity.existing == null) {
                created.add(new ConfigDiff.Entry(entity.type.wireName(), entity.id, entity.name()));
                target.put("id", entity.id.toString());
                writes.add(() -> entities.put(plane, entity.type, Optional.empty(), target));
            } else if (!target.equals(entities.withReferences(entity.existing))) {
                updated.add(new ConfigDiff.Entry(entity.type.wireName(), entity.id, entity.name()));
                writes.add(() -> entities.put(plane, entity.type, Optional.of(entity.existing), target));
            }
        }
        List<GatewayEntity> doomed = stored.stream().filter(entity -> !claimed.containsKey(entity.id()))
                .sorted(Comparator.comparingInt((GatewayEntity entity) -> CREATE_ORDER.indexOf(entity.type())).reversed())
                .toList();
        doomed.forEach(entity -> deleted.add(new ConfigDiff.Entry(entity.type().wireName(), entity.id(), entity.name())));
        ConfigDiff diff = new ConfigDiff(created, updated, deleted, dryRun ? Boolean.TRUE : null, null);
        if (dryRun || diff.isEmpty()) {
            return diff;
        }
        writes.forEach(Runnable::run);
        doomed.forEach(entity -> entities.deleteOne(plane, entity));
        return new ConfigDiff(created, updated, deleted, null, controlPlanes.get(plane.id().toString()).revision());
    }

    private List<Desired> flatten(JsonNode file, List<FieldViolation> violations) {
        List<Desired> desired = new ArrayList<>();
        if (file == null || !file.isObject()) {
            violations.add(new FieldViolation("", "must be a YAML or JSON object with _format_version \"3.0\""));
            return desired;
        }
        if (!FORMAT_VERSION.equals(file.path("_format_version").asString(null))) {
            violations.add(new FieldViolation("_format_version", "must be \"3.0\""));
        }
        for (String key : file.propertyNames()) {
            if (!ROOT_KEYS.contains(key)) {
                violations.add(new FieldViolation(key, "unknown field"));
            }
        }
        each(file, "services", violations, (path, service) -> {
            Desired parent = add(desired, EntityType.SERVICE, path, service, violations, "routes", "plugins");
            each(service, "routes", violations, path, (routePath, route) -> {
                Desired child = add(desired, EntityType.ROUTE, routePath, route, violations, "plugins");
                child.references.put(Reference.SERVICE, parent);
                nestedPlugins(desired, child, Reference.ROUTE, route, routePath, violations);
            });
            nestedPlugins(desired, parent, Reference.SERVICE, service, path, violations);
        });
        each(file, "routes", violations, (path, route) -> {
            Desired child = add(desired, EntityType.ROUTE, path, route, violations, "plugins");
            nestedPlugins(desired, child, Reference.ROUTE, route, path, violations);
        });
        each(file, "upstreams", violations, (path, upstream) -> {
            Desired parent = add(desired, EntityType.UPSTREAM, path, upstream, violations, "targets");
            each(upstream, "targets", violations, path, (targetPath, target) ->
                    add(desired, EntityType.TARGET, targetPath, target, violations).references.put(Reference.UPSTREAM, parent));
        });
        each(file, "consumer_groups", violations, (path, group) -> {
            Desired parent = add(desired, EntityType.CONSUMER_GROUP, path, group, violations, "plugins");
            nestedPlugins(desired, parent, Reference.CONSUMER_GROUP, group, path, violations);
        });
        each(file, "consumers", violations, (path, consumer) -> {
            Desired parent = add(desired, EntityType.CONSUMER, path, consumer, violations, "keyauth_credentials",
                    "basicauth_credentials", "jwt_secrets", "acls", "plugins");
            CONSUMER_CHILDREN.forEach((key, type) -> each(consumer, key, violations, path, (childPath, credential) ->
                    add(desired, type, childPath, credential, violations).references.put(Reference.CONSUMER, parent)));
            nestedPlugins(desired, parent, Reference.CONSUMER, consumer, path, violations);
        });
        each(file, "plugins", violations, (path, plugin) -> add(desired, EntityType.PLUGIN, path, plugin, violations));
        each(file, "certificates", violations, (path, certificate) ->
                add(desired, EntityType.CERTIFICATE, path, certificate, violations));
        each(file, "snis", violations, (path, sni) -> add(desired, EntityType.SNI, path, sni, violations));
        each(file, "ca_certificates", violations, (path, ca) -> add(desired, EntityType.CA_CERTIFICATE, path, ca, violations));
        return desired;
    }

    private void nestedPlugins(List<Desired> desired, Desired parent, Reference reference, JsonNode node, String path,
            List<FieldViolation> violations) {
        each(node, "plugins", violations, path, (pluginPath, plugin) ->
                add(desired, EntityType.PLUGIN, pluginPath, plugin, violations).references.put(reference, parent));
    }

    /** Adds an entity, taking its nested children and its references out of the document. */
    private static Desired add(List<Desired> desired, EntityType type, String path, JsonNode node,
            List<FieldViolation> violations, String... children) {
        ObjectNode document = (ObjectNode) node.deepCopy();
        for (String child : children) {
            document.remove(child);
        }
        Desired entity = new Desired(type, path, document);
        for (Reference reference : type.references()) {
            JsonNode value = document.remove(reference.field());
            if (value == null || value.isNull()) {
                continue;
            }
            String key = value.isString() ? value.asString()
                    : value.path("id").isString() ? value.get("id").asString()
                    : value.path("name").isString() ? value.get("name").asString()
                    : value.path("username").isString() ? value.get("username").asString() : null;
            if (key == null) {
                violations.add(new FieldViolation(path + "." + reference.field(), "must be a name or an id"));
            } else {
                entity.references.put(reference, key);
            }
        }
        desired.add(entity);
        return entity;
    }

    private interface ItemVisitor {
        void visit(String path, JsonNode item);
    }

    private static void each(JsonNode parent, String key, List<FieldViolation> violations, ItemVisitor visitor) {
        each(parent, key, violations, null, visitor);
    }

    private static void each(JsonNode parent, String key, List<FieldViolation> violations, String parentPath,
            ItemVisitor visitor) {
        JsonNode items = parent.get(key);
        String path = parentPath == null ? key : parentPath + "." + key;
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            violations.add(new FieldViolation(path, "must be a list"));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isObject()) {
                violations.add(new FieldViolation(path + "[" + i + "]", "must be an object"));
            } else {
                visitor.visit(path + "[" + i + "]", items.get(i));
            }
        }
    }

    private static void resolveReferences(Desired entity, List<Desired> desired, List<FieldViolation> violations) {
        entity.references.forEach((reference, target) -> {
            Desired found = target instanceof Desired parent ? parent : desired.stream()
                    .filter(candidate -> candidate.type == reference.target())
                    .filter(candidate -> target.equals(candidate.name())
                            || target.equals(candidate.document.path("id").asString(null))
                            || (candidate.id != null && target.equals(candidate.id.toString())))
                    .findFirst().orElse(null);
            if (found == null || found.id == null) {
                violations.add(new FieldViolation(entity.path + "." + reference.field(),
                        "no " + reference.target().wireName() + " '" + target + "' in this file"));
            } else {
                entity.resolved.put(reference, found.id);
            }
        });
    }

    private static UUID parseId(Desired entity, List<FieldViolation> violations) {
        try {
            return UUID.fromString(entity.document.get("id").asString());
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation(entity.path + ".id", "must be a UUID"));
            return null;
        }
    }

    /** The document that will be stored: references as ids, secrets as the stored entity would have them. */
    private static ObjectNode finalDocument(Desired entity) {
        ObjectNode document = entity.document.deepCopy();
        document.remove("id");
        entity.resolved.forEach((reference, id) -> document.putObject(reference.field()).put("id", id.toString()));
        if (entity.type == EntityType.KEY_AUTH && document.hasNonNull("key")) {
            document.put("key_hash", SecretHashes.keyHash(document.remove("key").asString()));
        }
        GatewayEntity existing = entity.existing;
        if (existing != null) {
            ObjectNode stored = existing.document();
            if (entity.type == EntityType.BASIC_AUTH && document.hasNonNull("password")
                    && SecretHashes.verifyPassword(document.get("password").asString(),
                            stored.path("password_hash").asString(null))) {
                document.remove("password");
                document.set("password_hash", stored.get("password_hash"));
            }
            for (String field : List.of("key_hash", "password_hash", "secret", "key")) {
                boolean writeOnly = switch (entity.type) {
                    case KEY_AUTH -> field.equals("key_hash");
                    case BASIC_AUTH -> field.equals("password_hash") && !document.hasNonNull("password");
                    case JWT -> field.equals("secret");
                    case CERTIFICATE -> field.equals("key");
                    default -> false;
                };
                if (writeOnly && !document.hasNonNull(field) && stored.hasNonNull(field)) {
                    document.set(field, stored.get(field));
                }
            }
        }
        return document;
    }

    private static ObjectNode normalizedForKey(Desired entity) {
        ObjectNode document = entity.document;
        if (entity.type == EntityType.KEY_AUTH && document.hasNonNull("key")) {
            ObjectNode copy = document.deepCopy();
            copy.put("key_hash", SecretHashes.keyHash(copy.remove("key").asString()));
            return copy;
        }
        return document;
    }

    /**
     * What identifies an entity in a control plane when the file gives no id: its name, or for entities
     * without one, what Kong keeps unique (a key's hash, an ACL group or a target per owner, a plugin per
     * scope, a certificate's PEM). {@code null} when nothing does; such entities are exported with their id.
     */
    static String naturalKey(EntityType type, ObjectNode document, Map<Reference, UUID> references) {
        if (type.nameField() != null && document.path(type.nameField()).isString()) {
            return "name:" + document.get(type.nameField()).asString();
        }
        return switch (type) {
            case KEY_AUTH -> text(document, "key_hash");
            case ACL -> key(references.get(Reference.CONSUMER), text(document, "group"));
            case TARGET -> key(references.get(Reference.UPSTREAM), text(document, "target"));
            case PLUGIN -> document.path("name").isString()
                    ? document.get("name").asString() + "|" + references.get(Reference.SERVICE) + "|"
                            + references.get(Reference.ROUTE) + "|" + references.get(Reference.CONSUMER) + "|"
                            + references.get(Reference.CONSUMER_GROUP)
                    : null;
            default -> null;
        };
    }

    private static String key(UUID owner, String value) {
        return owner == null || value == null ? null : owner + "|" + value;
    }

    private static String text(ObjectNode document, String field) {
        return document.path(field).isString() ? document.get(field).asString() : null;
    }

    private static JsonNode idNode(String id, String name) {
        return JsonNodeFactory.instance.stringNode(id != null ? id : name);
    }
}
