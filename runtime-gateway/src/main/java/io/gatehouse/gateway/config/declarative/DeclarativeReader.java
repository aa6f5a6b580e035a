package io.gatehouse.gateway.config.declarative;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.gatehouse.gateway.config.AclGroup;
import io.gatehouse.gateway.config.BasicAuthCredential;
import io.gatehouse.gateway.config.CaCertificateDefinition;
import io.gatehouse.gateway.config.CertificateDefinition;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.ConsumerGroupDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.EntityRef;
import io.gatehouse.gateway.config.JwtCredential;
import io.gatehouse.gateway.config.KeyAuthCredential;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.SniDefinition;
import io.gatehouse.gateway.config.TargetDefinition;
import io.gatehouse.gateway.config.UpstreamDefinition;
import io.gatehouse.gateway.config.validation.ConfigValidator;
import io.gatehouse.gateway.config.validation.EntityInput;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Kong declarative file (YAML or JSON, {@code _format_version: "3.0"}) into the flat
 * {@link DeclarativeConfig}: nested entities (a service's routes and plugins, a consumer's
 * credentials, an upstream's targets, …) become flat entities pointing at their parent by id, or by
 * name when the parent has no id. A parent with neither that has nested entities gets a stable
 * generated id (a name-based UUID of its position in the file).
 *
 * <p>The flat lists keep the file's order within each parent; the order across parents (and so
 * the order after a write and a read) carries no meaning, and {@code ConfigHash} ignores it.
 *
 * <p>Fields the config language does not model are errors, never dropped. Binding errors are reported
 * first; only a file that binds completely is then checked with {@link ConfigValidator}, whose paths
 * are translated back to where each entity sits in the file.
 */
public final class DeclarativeReader {

    /** The declarative format version this reader and {@link DeclarativeWriter} speak. */
    public static final String FORMAT_VERSION = "3.0";

    private static final Set<String> TOP_LEVEL = Set.of("_format_version", "_transform", "services", "routes",
            "upstreams", "targets", "consumers", "consumer_groups", "keyauth_credentials", "basicauth_credentials",
            "jwt_secrets", "acls", "plugins", "certificates", "snis", "ca_certificates");

    private final DeclarativeConfig.Builder builder = DeclarativeConfig.builder();
    private final List<ConfigViolation> violations = new ArrayList<>();
    /** Flat path of each entity ({@code routes[3]}) to where it is in the file. */
    private final Map<String, String> sourcePaths = new HashMap<>();

    private DeclarativeReader() {
    }

    /** Reads and validates a declarative file. Never throws for bad input: see the document's violations. */
    public static DeclarativeDocument read(String text) {
        return new DeclarativeReader().readDocument(text);
    }

    /** Reads and validates a declarative file from UTF-8 bytes. */
    public static DeclarativeDocument read(byte[] utf8) {
        return read(new String(utf8, StandardCharsets.UTF_8));
    }

    private DeclarativeDocument readDocument(String text) {
        JsonNode root;
        try {
            // YAML 1.2 is a superset of JSON, so one parser reads both
            root = ConfigJson.yaml().readTree(text == null ? "" : text);
        }
        catch (JacksonException ex) {
            String reason = ex.getOriginalMessage().lines().findFirst().orElse("");
            return new DeclarativeDocument(DeclarativeConfig.empty(),
                    List.of(ConfigViolation.of("", ConfigMessages.UNREADABLE, reason)));
        }
        if (root == null || !root.isObject()) {
            return new DeclarativeDocument(DeclarativeConfig.empty(),
                    List.of(new ConfigViolation("", ConfigMessages.EXPECTED_OBJECT)));
        }
        header(root);
        for (String key : root.propertyNames()) {
            if (!TOP_LEVEL.contains(key)) {
                violations.add(new ConfigViolation(key, ConfigMessages.UNKNOWN_FIELD));
            }
        }
        each(root, "services", "services", this::service);
        each(root, "routes", "routes", (node, path) -> route(node, path, null));
        each(root, "upstreams", "upstreams", this::upstream);
        each(root, "targets", "targets", (node, path) -> target(node, path, null));
        each(root, "consumers", "consumers", this::consumer);
        each(root, "consumer_groups", "consumer_groups", this::consumerGroup);
        each(root, "keyauth_credentials", "keyauth_credentials", (n, p) -> keyAuth(n, p, null));
        each(root, "basicauth_credentials", "basicauth_credentials", (n, p) -> basicAuth(n, p, null));
        each(root, "jwt_secrets", "jwt_secrets", (n, p) -> jwt(n, p, null));
        each(root, "acls", "acls", (n, p) -> acl(n, p, null));
        each(root, "plugins", "plugins", (n, p) -> plugin(n, p, Scope.NONE));
        each(root, "certificates", "certificates", this::certificate);
        each(root, "snis", "snis", this::sni);
        each(root, "ca_certificates", "ca_certificates", this::caCertificate);

        DeclarativeConfig config = builder.build();
        if (!violations.isEmpty()) {
            return new DeclarativeDocument(config, violations);
        }
        List<ConfigViolation> translated = ConfigValidator.validate(config).stream().map(this::translate).toList();
        return new DeclarativeDocument(config, translated);
    }

    private void header(JsonNode root) {
        JsonNode version = root.get("_format_version");
        if (version == null) {
            violations.add(new ConfigViolation("_format_version", ConfigMessages.FORMAT_VERSION_REQUIRED));
        }
        else if (!version.isString() || !FORMAT_VERSION.equals(version.stringValue())) {
            violations.add(new ConfigViolation("_format_version", ConfigMessages.UNSUPPORTED_FORMAT_VERSION));
        }
        JsonNode transform = root.get("_transform");
        if (transform != null && !(transform.isBoolean() && transform.booleanValue())) {
            // clear secrets are always hashed on import, which is what _transform: true asks for
            violations.add(ConfigViolation.of("_transform", ConfigMessages.INVALID_VALUE,
                    "only true is supported (secrets are always hashed on import)"));
        }
    }

    private void each(JsonNode parent, String key, String path, EntityReader reader) {
        JsonNode list = parent.get(key);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            violations.add(new ConfigViolation(path, ConfigMessages.EXPECTED_LIST));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String elementPath = path + "[" + i + "]";
            JsonNode element = list.get(i);
            if (!element.isObject()) {
                violations.add(new ConfigViolation(elementPath, ConfigMessages.EXPECTED_OBJECT));
                continue;
            }
            reader.read((ObjectNode) element.deepCopy(), elementPath);
        }
    }

    /** Removes the nested lists from an entity node so that the rest binds to the entity record. */
    private static ObjectNode without(ObjectNode node, String... nestedKeys) {
        for (String key : nestedKeys) {
            node.remove(key);
        }
        return node;
    }

    private boolean noParentRef(ObjectNode node, String field, String path) {
        if (node.has(field)) {
            violations.add(new ConfigViolation(path + "." + field, ConfigMessages.NESTED_REFERENCE));
            return false;
        }
        return true;
    }

    /** How nested entities point at a parent: by id, else by name, else by a generated stable id. */
    private static String generatedId(String path) {
        return UUID.nameUUIDFromBytes(("gatehouse-declarative:" + path).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void service(ObjectNode node, String path) {
        ObjectNode nested = node.deepCopy();
        ServiceDefinition service = EntityInput.bind(without(node, "routes", "plugins"), ServiceDefinition.class,
                path, violations);
        if (service == null) {
            return;
        }
        boolean hasChildren = nested.has("routes") || nested.has("plugins");
        if (service.id() == null && service.name() == null && hasChildren) {
            service = service.withId(generatedId(path));
        }
        EntityRef ref = service.id() != null ? EntityRef.ofId(service.id()) : EntityRef.ofName(service.name());
        record(flat("services", builder.services.size()), path);
        builder.service(service);
        each(nested, "plugins", path + ".plugins", (child, childPath) -> {
            if (noParentRef(child, "service", childPath)) {
                plugin(child, childPath, new Scope(ref, null, null, null));
            }
        });
        each(nested, "routes", path + ".routes", (child, childPath) -> {
            if (noParentRef(child, "service", childPath)) {
                route(child, childPath, ref);
            }
        });
    }

    private void route(ObjectNode node, String path, EntityRef service) {
        ObjectNode nested = node.deepCopy();
        RouteDefinition route = EntityInput.bind(without(node, "plugins"), RouteDefinition.class, path, violations);
        if (route == null) {
            return;
        }
        if (service != null) {
            route = route.withService(service);
        }
        if (route.id() == null && route.name() == null && nested.has("plugins")) {
            route = route.withId(generatedId(path));
        }
        EntityRef ref = route.id() != null ? EntityRef.ofId(route.id()) : EntityRef.ofName(route.name());
        record(flat("routes", builder.routes.size()), path);
        builder.route(route);
        each(nested, "plugins", path + ".plugins", (child, childPath) -> {
            if (noParentRef(child, "route", childPath)) {
                plugin(child, childPath, new Scope(null, ref, null, null));
            }
        });
    }

    private void upstream(ObjectNode node, String path) {
        ObjectNode nested = node.deepCopy();
        UpstreamDefinition upstream = EntityInput.bind(without(node, "targets"), UpstreamDefinition.class, path,
                violations);
        if (upstream == null) {
            return;
        }
        EntityRef ref = upstream.id() != null ? EntityRef.ofId(upstream.id()) : EntityRef.ofName(upstream.name());
        record(flat("upstreams", builder.upstreams.size()), path);
        builder.upstream(upstream);
        each(nested, "targets", path + ".targets", (child, childPath) -> {
            if (noParentRef(child, "upstream", childPath)) {
                target(child, childPath, ref);
            }
        });
    }

    private void target(ObjectNode node, String path, EntityRef upstream) {
        TargetDefinition target = EntityInput.bind(node, TargetDefinition.class, path, violations);
        if (target != null) {
            record(flat("targets", builder.targets.size()), path);
            builder.target(upstream != null ? target.withUpstream(upstream) : target);
        }
    }

    private void consumer(ObjectNode node, String path) {
        ObjectNode nested = node.deepCopy();
        ConsumerDefinition consumer = EntityInput.bind(
                without(node, "keyauth_credentials", "basicauth_credentials", "jwt_secrets", "acls", "plugins"),
                ConsumerDefinition.class, path, violations);
        if (consumer == null) {
            return;
        }
        EntityRef ref = consumer.id() != null ? EntityRef.ofId(consumer.id())
                : EntityRef.ofName(consumer.username() != null ? consumer.username() : consumer.customId());
        record(flat("consumers", builder.consumers.size()), path);
        builder.consumer(consumer);
        each(nested, "keyauth_credentials", path + ".keyauth_credentials", (c, p) -> keyAuth(c, p, ref));
        each(nested, "basicauth_credentials", path + ".basicauth_credentials", (c, p) -> basicAuth(c, p, ref));
        each(nested, "jwt_secrets", path + ".jwt_secrets", (c, p) -> jwt(c, p, ref));
        each(nested, "acls", path + ".acls", (c, p) -> acl(c, p, ref));
        each(nested, "plugins", path + ".plugins", (child, childPath) -> {
            if (noParentRef(child, "consumer", childPath)) {
                plugin(child, childPath, new Scope(null, null, ref, null));
            }
        });
    }

    private void consumerGroup(ObjectNode node, String path) {
        ObjectNode nested = node.deepCopy();
        ConsumerGroupDefinition group = EntityInput.bind(without(node, "plugins"), ConsumerGroupDefinition.class,
                path, violations);
        if (group == null) {
            return;
        }
        EntityRef ref = group.id() != null ? EntityRef.ofId(group.id()) : EntityRef.ofName(group.name());
        record(flat("consumer_groups", builder.consumerGroups.size()), path);
        builder.consumerGroup(group);
        each(nested, "plugins", path + ".plugins", (child, childPath) -> {
            if (noParentRef(child, "consumer_group", childPath)) {
                plugin(child, childPath, new Scope(null, null, null, ref));
            }
        });
    }

    private void keyAuth(ObjectNode node, String path, EntityRef consumer) {
        if (consumer != null && !noParentRef(node, "consumer", path)) {
            return;
        }
        KeyAuthCredential credential = EntityInput.bind(node, KeyAuthCredential.class, path, violations);
        if (credential != null) {
            record(flat("keyauth_credentials", builder.keyAuthCredentials.size()), path);
            builder.keyAuth(consumer != null ? credential.withConsumer(consumer) : credential);
        }
    }

    private void basicAuth(ObjectNode node, String path, EntityRef consumer) {
        if (consumer != null && !noParentRef(node, "consumer", path)) {
            return;
        }
        BasicAuthCredential credential = EntityInput.bind(node, BasicAuthCredential.class, path, violations);
        if (credential != null) {
            record(flat("basicauth_credentials", builder.basicAuthCredentials.size()), path);
            builder.basicAuth(consumer != null ? credential.withConsumer(consumer) : credential);
        }
    }

    private void jwt(ObjectNode node, String path, EntityRef consumer) {
        if (consumer != null && !noParentRef(node, "consumer", path)) {
            return;
        }
        JwtCredential credential = EntityInput.bind(node, JwtCredential.class, path, violations);
        if (credential != null) {
            record(flat("jwt_secrets", builder.jwtSecrets.size()), path);
            builder.jwtSecret(consumer != null ? credential.withConsumer(consumer) : credential);
        }
    }

    private void acl(ObjectNode node, String path, EntityRef consumer) {
        if (consumer != null && !noParentRef(node, "consumer", path)) {
            return;
        }
        AclGroup acl = EntityInput.bind(node, AclGroup.class, path, violations);
        if (acl != null) {
            record(flat("acls", builder.acls.size()), path);
            builder.acl(consumer != null ? acl.withConsumer(consumer) : acl);
        }
    }

    private void plugin(ObjectNode node, String path, Scope parent) {
        PluginDefinition plugin = EntityInput.bind(node, PluginDefinition.class, path, violations);
        if (plugin == null) {
            return;
        }
        plugin = plugin.withScope(parent.service() != null ? parent.service() : plugin.service(),
                parent.route() != null ? parent.route() : plugin.route(),
                parent.consumer() != null ? parent.consumer() : plugin.consumer(),
                parent.consumerGroup() != null ? parent.consumerGroup() : plugin.consumerGroup());
        record(flat("plugins", builder.plugins.size()), path);
        builder.plugin(plugin);
    }

    /** Kong nests SNIs in a certificate as {@code [{name: …}]}; the plain-string form is accepted too. */
    private void certificate(ObjectNode node, String path) {
        JsonNode snis = node.get("snis");
        if (snis != null && snis.isArray()) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            boolean ok = true;
            for (int i = 0; i < snis.size(); i++) {
                JsonNode sni = snis.get(i);
                if (sni.isObject()) {
                    for (String key : sni.propertyNames()) {
                        if (!key.equals("name")) {
                            violations.add(new ConfigViolation(path + ".snis[" + i + "]." + key,
                                    ConfigMessages.UNKNOWN_FIELD));
                            ok = false;
                        }
                    }
                    names.add(sni.get("name") == null ? JsonNodeFactory.instance.nullNode() : sni.get("name"));
                }
                else {
                    names.add(sni);
                }
            }
            if (!ok) {
                return;
            }
            node.set("snis", names);
        }
        CertificateDefinition certificate = EntityInput.bind(node, CertificateDefinition.class, path, violations);
        if (certificate != null) {
            record(flat("certificates", builder.certificates.size()), path);
            builder.certificate(certificate);
        }
    }

    private void sni(ObjectNode node, String path) {
        SniDefinition sni = EntityInput.bind(node, SniDefinition.class, path, violations);
        if (sni != null) {
            record(flat("snis", builder.snis.size()), path);
            builder.sni(sni);
        }
    }

    private void caCertificate(ObjectNode node, String path) {
        CaCertificateDefinition ca = EntityInput.bind(node, CaCertificateDefinition.class, path, violations);
        if (ca != null) {
            record(flat("ca_certificates", builder.caCertificates.size()), path);
            builder.caCertificate(ca);
        }
    }

    private static String flat(String list, int index) {
        return list + "[" + index + "]";
    }

    private void record(String flatPath, String sourcePath) {
        sourcePaths.put(flatPath, sourcePath);
    }

    /** {@code routes[3].paths[0]} → {@code services[0].routes[1].paths[0]}. */
    private ConfigViolation translate(ConfigViolation violation) {
        String path = violation.path();
        int end = path.indexOf(']');
        if (end < 0) {
            return violation;
        }
        String source = sourcePaths.get(path.substring(0, end + 1));
        return source == null ? violation : new ConfigViolation(source + path.substring(end + 1), violation.message());
    }

    @FunctionalInterface
    private interface EntityReader {

        void read(ObjectNode node, String path);

    }

    /** The scope a nested plugin inherits from its parent. */
    private record Scope(EntityRef service, EntityRef route, EntityRef consumer, EntityRef consumerGroup) {

        static final Scope NONE = new Scope(null, null, null, null);

    }

}
