package io.gatehouse.platform.gateways.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.gateways.controlplanes.ControlPlane;
import io.gatehouse.platform.gateways.controlplanes.ControlPlanes;
import io.gatehouse.platform.gateways.declarative.ConfigDiff;
import io.gatehouse.platform.gateways.entities.EntityType;
import io.gatehouse.platform.gateways.entities.GatewayEntities;
import io.gatehouse.platform.gateways.entities.GatewayEntity;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI 3 document into a service and its routes, as Kong's openapi-to-config tools do: the
 * service's url from {@code servers[0]} (server variables at their defaults), one route per path and method,
 * path templates ({@code /pets/{petId}}) as anchored regex routes with named captures
 * ({@code ~/pets/(?<petId>[^/]+)$}), static paths ranked above templated ones. Everything it creates carries the
 * tag {@code openapi:<service>}, which links it to the document: importing a new version of the document
 * updates those entities and deletes the routes the document no longer has. Fields the document does not
 * set (timeouts, plugins) are left as the user configured them.
 */
@Service
public class OpenApiImport {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
    private static final int STATIC_PRIORITY = 200;
    private static final int TEMPLATED_PRIORITY = 100;

    private final ControlPlanes controlPlanes;
    private final GatewayEntities entities;

    OpenApiImport(ControlPlanes controlPlanes, GatewayEntities entities) {
        this.controlPlanes = controlPlanes;
        this.entities = entities;
    }

    /** Imports (or with {@code dryRun} only compares) an OpenAPI document into a control plane. */
    @Transactional
    public ConfigDiff importDocument(String controlPlane, JsonNode document, boolean dryRun) {
        ControlPlane plane = controlPlanes.get(controlPlane);
        List<FieldViolation> violations = new ArrayList<>();
        String version = document.path("openapi").asString("");
        if (!version.startsWith("3.")) {
            violations.add(new FieldViolation("openapi", "must be an OpenAPI 3 document (openapi: 3.x)"));
        }
        String serviceName = document.path("x-kong-name").isString() ? slug(document.get("x-kong-name").asString())
                : slug(document.path("info").path("title").asString(""));
        if (serviceName.isEmpty()) {
            violations.add(new FieldViolation("info.title", "must name the API (it names the service)"));
        }
        String url = serverUrl(document, violations);
        if (!document.path("paths").isObject()) {
            violations.add(new FieldViolation("paths", "must be an object of paths"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The OpenAPI document cannot be imported", violations);
        }
        String tag = "openapi:" + serviceName;

        Optional<GatewayEntity> existingService = entities.find(plane, EntityType.SERVICE, serviceName);
        UUID serviceId = existingService.map(GatewayEntity::id).orElseGet(UUID::randomUUID);
        ObjectNode service = existingService.map(entities::withReferences).orElseGet(JsonNodeFactory.instance::objectNode);
        service.put("name", serviceName);
        service.put("url", url);
        for (String part : List.of("protocol", "host", "port", "path")) {
            service.remove(part);
        }
        service.set("tags", withTag(service.get("tags"), tag));

        Map<String, ObjectNode> routes = new LinkedHashMap<>();
        for (String path : document.get("paths").propertyNames()) {
            JsonNode operations = document.get("paths").get(path);
            for (String method : operations.propertyNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonNode operation = operations.get(method);
                String name = operation.path("operationId").isString()
                        ? serviceName + "_" + slug(operation.get("operationId").asString())
                        : serviceName + "_" + method + "_" + (slug(path).isEmpty() ? "root" : slug(path).replace('-', '_'));
                if (!path.startsWith("/")) {
                    violations.add(new FieldViolation("paths." + path, "must start with /"));
                    continue;
                }
                ObjectNode route = JsonNodeFactory.instance.objectNode();
                route.put("name", name);
                route.putArray("paths").add(routePath(path));
                route.putArray("methods").add(method.toUpperCase(Locale.ROOT));
                route.put("strip_path", false);
                route.put("regex_priority", TEMPLATE.matcher(path).find() ? TEMPLATED_PRIORITY : STATIC_PRIORITY);
                route.putObject("service").put("id", serviceId.toString());
                if (routes.put(name, route) != null) {
                    violations.add(new FieldViolation("paths." + path + "." + method + ".operationId",
                            "names the same route as another operation: " + name));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The OpenAPI document cannot be imported", violations);
        }

        List<ConfigDiff.Entry> created = new ArrayList<>();
        List<ConfigDiff.Entry> updated = new ArrayList<>();
        List<ConfigDiff.Entry> deleted = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        if (existingService.isEmpty()) {
            created.add(new ConfigDiff.Entry("service", serviceId, serviceName));
            ObjectNode withId = service.deepCopy();
            withId.put("id", serviceId.toString());
            writes.add(() -> entities.put(plane, EntityType.SERVICE, Optional.empty(), withId));
        } else if (!service.equals(entities.withReferences(existingService.get()))) {
            updated.add(new ConfigDiff.Entry("service", serviceId, serviceName));
            writes.add(() -> entities.put(plane, EntityType.SERVICE, existingService, service));
        }
        Set<UUID> kept = new HashSet<>();
        for (ObjectNode route : routes.values()) {
            String name = route.get("name").asString();
            Optional<GatewayEntity> existing = entities.find(plane, EntityType.ROUTE, name);
            if (existing.isEmpty()) {
                UUID id = UUID.randomUUID();
                created.add(new ConfigDiff.Entry("route", id, name));
                route.set("tags", withTag(null, tag));
                route.put("id", id.toString());
                writes.add(() -> entities.put(plane, EntityType.ROUTE, Optional.empty(), route));
                continue;
            }
            kept.add(existing.get().id());
            ObjectNode merged = entities.withReferences(existing.get());
            merged.setAll(route);
            merged.set("tags", withTag(merged.get("tags"), tag));
            if (!merged.equals(entities.withReferences(existing.get()))) {
                updated.add(new ConfigDiff.Entry("route", existing.get().id(), name));
                writes.add(() -> entities.put(plane, EntityType.ROUTE, existing, merged));
            }
        }
        List<GatewayEntity> stale = entities.all(plane).stream()
                .filter(entity -> entity.type() == EntityType.ROUTE && entity.tags().contains(tag)
                        && !kept.contains(entity.id()))
                .toList();
        stale.forEach(route -> deleted.add(new ConfigDiff.Entry("route", route.id(), route.name())));
        ConfigDiff diff = new ConfigDiff(created, updated, deleted, dryRun ? Boolean.TRUE : null, null);
        if (dryRun || diff.isEmpty()) {
            return diff;
        }
        writes.forEach(Runnable::run);
        stale.forEach(route -> entities.deleteOne(plane, route));
        return new ConfigDiff(created, updated, deleted, null, controlPlanes.get(plane.id().toString()).revision());
    }

    /** {@code /pets/{petId}} → {@code ~/pets/(?<petId>[^/]+)$}; a static path → {@code ~/pets$}. */
    static String routePath(String path) {
        StringBuilder regex = new StringBuilder("~");
        Matcher template = TEMPLATE.matcher(path);
        int last = 0;
        Set<String> names = new HashSet<>();
        while (template.find()) {
            regex.append(escape(path.substring(last, template.start())));
            String name = captureName(template.group(1));
            while (!names.add(name)) {
                name = name + "x";
            }
            regex.append("(?<").append(name).append(">[^/]+)");
            last = template.end();
        }
        regex.append(escape(path.substring(last))).append('$');
        return regex.toString();
    }

    /** Java regex group names are letters and digits, starting with a letter. */
    static String captureName(String parameter) {
        String name = parameter.replaceAll("[^A-Za-z0-9]", "");
        return name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "p" + name : name;
    }

    private static String escape(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String serverUrl(JsonNode document, List<FieldViolation> violations) {
        JsonNode server = document.path("servers").path(0);
        if (!server.path("url").isString()) {
            violations.add(new FieldViolation("servers", "must list at least one server with a url (it becomes the service's url)"));
            return null;
        }
        String url = server.get("url").asString();
        Matcher variable = TEMPLATE.matcher(url);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            JsonNode value = server.path("variables").path(variable.group(1)).path("default");
            if (!value.isString()) {
                violations.add(new FieldViolation("servers[0].variables." + variable.group(1), "needs a default"));
                return null;
            }
            variable.appendReplacement(resolved, Matcher.quoteReplacement(value.asString()));
        }
        variable.appendTail(resolved);
        try {
            URI uri = new URI(resolved.toString());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                violations.add(new FieldViolation("servers[0].url", "must be an absolute http or https url"));
                return null;
            }
        } catch (java.net.URISyntaxException e) {
            violations.add(new FieldViolation("servers[0].url", "is not a valid url"));
            return null;
        }
        return resolved.toString();
    }

    private static ArrayNode withTag(JsonNode tags, String tag) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        if (tags != null && tags.isArray()) {
            tags.forEach(result::add);
        }
        boolean present = false;
        for (JsonNode existing : result) {
            present |= tag.equals(existing.asString());
        }
        if (!present) {
            result.add(tag);
        }
        return result;
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
