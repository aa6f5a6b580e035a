package io.gatehouse.gateway.config.declarative;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConsumerDefinition;
import io.gatehouse.gateway.config.DeclarativeConfig;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.RouteDefinition;
import io.gatehouse.gateway.config.ServiceDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a flat {@link DeclarativeConfig} as a Kong declarative file ({@code _format_version: "3.0"}):
 * routes nested in their service, plugins in the one entity they are scoped to, credentials in their
 * consumer, targets in their upstream; anything whose parent is not in the config stays top level
 * with its reference. Default values are left out (see {@link DefaultValues}), so
 * {@code read(write(config))} gives the same config and a user's file comes back as written.
 * Secrets are written as they are held: a normalised config holds only hashes.
 */
public final class DeclarativeWriter {

    private final DeclarativeConfig config;
    private final Placement placement;

    private DeclarativeWriter(DeclarativeConfig config) {
        this.config = config;
        this.placement = new Placement(config);
    }

    /** The config as declarative YAML. */
    public static String toYaml(DeclarativeConfig config) {
        return ConfigJson.yaml().writeValueAsString(toTree(config));
    }

    /** The config as declarative JSON (pretty-printed). */
    public static String toJson(DeclarativeConfig config) {
        return ConfigJson.json().writerWithDefaultPrettyPrinter().writeValueAsString(toTree(config));
    }

    /** The config as a declarative JSON tree. */
    public static ObjectNode toTree(DeclarativeConfig config) {
        return new DeclarativeWriter(config).write();
    }

    private ObjectNode write() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("_format_version", DeclarativeReader.FORMAT_VERSION);
        list(root, "services", indices(config.services().size()), this::service);
        list(root, "routes", placement.topLevel(placement.routeService), i -> route(i, false));
        list(root, "upstreams", indices(config.upstreams().size()), this::upstream);
        list(root, "targets", placement.topLevel(placement.targetUpstream),
                i -> DefaultValues.tree(config.targets().get(i)));
        list(root, "consumers", indices(config.consumers().size()), this::consumer);
        list(root, "consumer_groups", indices(config.consumerGroups().size()), this::consumerGroup);
        list(root, "keyauth_credentials", placement.topLevel(placement.keyAuthConsumer),
                i -> DefaultValues.tree(config.keyAuthCredentials().get(i)));
        list(root, "basicauth_credentials", placement.topLevel(placement.basicAuthConsumer),
                i -> DefaultValues.tree(config.basicAuthCredentials().get(i)));
        list(root, "jwt_secrets", placement.topLevel(placement.jwtConsumer),
                i -> DefaultValues.tree(config.jwtSecrets().get(i)));
        list(root, "acls", placement.topLevel(placement.aclConsumer), i -> DefaultValues.tree(config.acls().get(i)));
        list(root, "plugins", placement.pluginsAt(Placement.Parent.NONE, -1), i -> plugin(i));
        list(root, "certificates", indices(config.certificates().size()), this::certificate);
        list(root, "snis", indices(config.snis().size()), i -> DefaultValues.tree(config.snis().get(i)));
        list(root, "ca_certificates", indices(config.caCertificates().size()),
                i -> DefaultValues.tree(config.caCertificates().get(i)));
        return root;
    }

    private ObjectNode service(int index) {
        ServiceDefinition service = config.services().get(index);
        ObjectNode node = DefaultValues.tree(service);
        list(node, "routes", placement.childrenOf(placement.routeService, index), i -> route(i, true));
        list(node, "plugins", placement.pluginsAt(Placement.Parent.SERVICE, index), i -> plugin(i));
        return node;
    }

    private ObjectNode route(int index, boolean nested) {
        RouteDefinition route = config.routes().get(index);
        ObjectNode node = nested ? DefaultValues.tree(route, "service") : DefaultValues.tree(route);
        list(node, "plugins", placement.pluginsAt(Placement.Parent.ROUTE, index), i -> plugin(i));
        return node;
    }

    private ObjectNode upstream(int index) {
        ObjectNode node = DefaultValues.tree(config.upstreams().get(index));
        list(node, "targets", placement.childrenOf(placement.targetUpstream, index),
                i -> DefaultValues.tree(config.targets().get(i), "upstream"));
        return node;
    }

    private ObjectNode consumer(int index) {
        ConsumerDefinition consumer = config.consumers().get(index);
        ObjectNode node = DefaultValues.tree(consumer);
        list(node, "keyauth_credentials", placement.childrenOf(placement.keyAuthConsumer, index),
                i -> DefaultValues.tree(config.keyAuthCredentials().get(i), "consumer"));
        list(node, "basicauth_credentials", placement.childrenOf(placement.basicAuthConsumer, index),
                i -> DefaultValues.tree(config.basicAuthCredentials().get(i), "consumer"));
        list(node, "jwt_secrets", placement.childrenOf(placement.jwtConsumer, index),
                i -> DefaultValues.tree(config.jwtSecrets().get(i), "consumer"));
        list(node, "acls", placement.childrenOf(placement.aclConsumer, index),
                i -> DefaultValues.tree(config.acls().get(i), "consumer"));
        list(node, "plugins", placement.pluginsAt(Placement.Parent.CONSUMER, index), i -> plugin(i));
        return node;
    }

    private ObjectNode consumerGroup(int index) {
        ObjectNode node = DefaultValues.tree(config.consumerGroups().get(index));
        list(node, "plugins", placement.pluginsAt(Placement.Parent.CONSUMER_GROUP, index), i -> plugin(i));
        return node;
    }

    private ObjectNode plugin(int index) {
        PluginDefinition plugin = config.plugins().get(index);
        String parentField = switch (placement.pluginParent(index)) {
            case SERVICE -> "service";
            case ROUTE -> "route";
            case CONSUMER -> "consumer";
            case CONSUMER_GROUP -> "consumer_group";
            case NONE -> null;
        };
        return parentField == null ? DefaultValues.tree(plugin) : DefaultValues.tree(plugin, parentField);
    }

    private ObjectNode certificate(int index) {
        ObjectNode node = DefaultValues.tree(config.certificates().get(index));
        if (node.has("snis")) {
            ArrayNode snis = JsonNodeFactory.instance.arrayNode();
            node.get("snis").values().forEach(name -> snis.addObject().set("name", name));
            node.set("snis", snis);
        }
        return node;
    }

    private static List<Integer> indices(int size) {
        List<Integer> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        return all;
    }

    private static void list(ObjectNode parent, String key, List<Integer> indices, Function<Integer, ObjectNode> write) {
        if (indices.isEmpty()) {
            return;
        }
        ArrayNode array = parent.putArray(key);
        indices.forEach(i -> array.add(write.apply(i)));
    }


}
