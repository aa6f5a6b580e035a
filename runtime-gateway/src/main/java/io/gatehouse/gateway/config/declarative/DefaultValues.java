package io.gatehouse.gateway.config.declarative;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.DurationText;
import io.gatehouse.gateway.config.RetryPolicy;
import io.gatehouse.gateway.config.ServiceDefinition;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Leaves out of an exported entity what its defaults would give back, so that a file written by a
 * user comes back as they wrote it: every field equal to the record's default, a service's
 * protocol/host/port/path when its url says the same, a back-off max_interval of 10 × base, and plugin
 * config fields equal to the schema's defaults. Reading the result gives the same entity.
 */
final class DefaultValues {

    private static final Map<Class<?>, ObjectNode> DEFAULTS = new ConcurrentHashMap<>();
    private static final ObjectNode RETRY_DEFAULTS = ConfigJson.json().valueToTree(RetryPolicy.defaults());

    private DefaultValues() {
    }

    /** The entity as a JSON tree without its defaults and without the given parent-reference fields. */
    static ObjectNode tree(Object entity, String... omit) {
        ObjectNode node = ConfigJson.json().valueToTree(entity);
        for (String field : omit) {
            node.remove(field);
        }
        ObjectNode defaults = defaultsOf(entity.getClass());
        strip(node, defaults, List.of("retry"));
        if (entity instanceof ServiceDefinition service && service.url() != null) {
            stripUrlParts(node, service);
        }
        return node;
    }

    private static ObjectNode defaultsOf(Class<?> type) {
        // read-only after creation: strip() only reads the defaults tree
        return DEFAULTS.computeIfAbsent(type,
                t -> ConfigJson.json().valueToTree(ConfigJson.json().readValue("{}", t)));
    }

    /** Removes fields equal to their default; {@code keep} names objects kept even when left empty. */
    private static void strip(ObjectNode node, ObjectNode defaults, List<String> keep) {
        for (String key : new ArrayList<>(node.propertyNames())) {
            JsonNode value = node.get(key);
            if (key.equals("retry") && value.isObject()) {
                stripRetry((ObjectNode) value);
                continue;
            }
            if (key.equals("config") && value.isObject() && node.has("name")) {
                stripPluginConfig(node, (ObjectNode) value);
                continue;
            }
            JsonNode fallback = defaults == null ? null : defaults.get(key);
            if (value.isObject() && fallback != null && fallback.isObject()) {
                strip((ObjectNode) value, (ObjectNode) fallback, List.of());
                if (value.isEmpty() && !keep.contains(key)) {
                    node.remove(key);
                }
            }
            else if (value.isNull() || value.equals(fallback) || (fallback == null && isEmptyContainer(value))) {
                node.remove(key);
            }
        }
    }

    private static boolean isEmptyContainer(JsonNode value) {
        return (value.isArray() || value.isObject()) && value.isEmpty();
    }

    /** A retry policy stays (even as {} meaning "all defaults"), with its default fields left out. */
    private static void stripRetry(ObjectNode retry) {
        JsonNode backOff = retry.get("back_off");
        if (backOff instanceof ObjectNode back && back.has("base_interval") && back.has("max_interval")) {
            Duration base = DurationText.parse(back.get("base_interval").stringValue());
            if (DurationText.format(base.multipliedBy(10)).equals(back.get("max_interval").stringValue())) {
                back.remove("max_interval");
            }
        }
        strip(retry, RETRY_DEFAULTS, List.of());
    }

    private static void stripPluginConfig(ObjectNode plugin, ObjectNode config) {
        Optional<PluginSchema<?>> schema = PluginSchemas.find(plugin.get("name").stringValue());
        if (schema.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ConfigJson.json().convertValue(config, Map.class);
        Map<String, Object> kept = schema.get().withoutDefaults(map);
        if (kept.isEmpty()) {
            plugin.remove("config");
        }
        else {
            plugin.set("config", ConfigJson.json().valueToTree(kept));
        }
    }

    private static void stripUrlParts(ObjectNode node, ServiceDefinition service) {
        ServiceDefinition.UrlParts parts = ServiceDefinition.UrlParts.of(service.url());
        if (!parts.parsed()) {
            return;
        }
        if (parts.protocol().equals(service.protocol())) {
            node.remove("protocol");
        }
        if (parts.host().equals(service.host())) {
            node.remove("host");
        }
        if (parts.port().equals(service.port())) {
            node.remove("port");
        }
        if (parts.path() != null && parts.path().equals(service.path())) {
            node.remove("path");
        }
    }

}
