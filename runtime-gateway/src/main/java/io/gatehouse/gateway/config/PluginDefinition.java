package io.gatehouse.gateway.config;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A plugin instance: {@code name} picks the plugin, {@code config} is checked against that plugin's
 * schema ({@code io.gatehouse.gateway.config.schema.PluginSchemas}). Scope: none of service, route,
 * consumer, consumer_group set means global; any combination narrows it, and as in Kong the most
 * specific instance of a plugin wins for a request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginDefinition(
        String id,
        String name,
        @JsonProperty("instance_name") String instanceName,
        Boolean enabled,
        Map<String, Object> config,
        List<String> protocols,
        EntityRef service,
        EntityRef route,
        EntityRef consumer,
        @JsonProperty("consumer_group") EntityRef consumerGroup,
        List<String> tags) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("grpc", "grpcs", "http", "https");

    public PluginDefinition {
        enabled = Values.or(enabled, Boolean.TRUE);
        config = Values.map(config);
        protocols = Values.list(protocols, DEFAULT_PROTOCOLS);
        tags = Values.list(tags);
    }

    /** A global, enabled plugin with the given config. */
    public static PluginDefinition global(String name, Map<String, Object> config) {
        return new PluginDefinition(null, name, null, null, config, null, null, null, null, null, null);
    }

    /** A copy with another id. */
    public PluginDefinition withId(String newId) {
        return new PluginDefinition(newId, name, instanceName, enabled, config, protocols, service, route, consumer,
                consumerGroup, tags);
    }

    /** A copy with another config map. */
    public PluginDefinition withConfig(Map<String, Object> newConfig) {
        return new PluginDefinition(id, name, instanceName, enabled, newConfig, protocols, service, route, consumer,
                consumerGroup, tags);
    }

    /** A copy with another scope. */
    public PluginDefinition withScope(EntityRef newService, EntityRef newRoute, EntityRef newConsumer,
            EntityRef newConsumerGroup) {
        return new PluginDefinition(id, name, instanceName, enabled, config, protocols, newService, newRoute,
                newConsumer, newConsumerGroup, tags);
    }

    /** True when no scope is set. */
    @JsonIgnore
    public boolean isGlobal() {
        return service == null && route == null && consumer == null && consumerGroup == null;
    }

    /**
     * How specific the scope is, for "most specific wins": of the enabled instances of one plugin that
     * apply to a request, the one with the highest value runs. The order is Kong's: consumer + route +
     * service, consumer group + route + service, consumer + route, consumer + service, consumer group +
     * route, consumer group + service, route + service, consumer, consumer group, route, service,
     * global (1). A consumer scope makes a consumer-group scope beside it irrelevant.
     */
    public int specificity() {
        boolean s = service != null;
        boolean r = route != null;
        boolean c = consumer != null;
        boolean g = consumerGroup != null && !c;
        if (c) {
            return r && s ? 12 : r ? 10 : s ? 9 : 5;
        }
        if (g) {
            return r && s ? 11 : r ? 8 : s ? 7 : 4;
        }
        return r && s ? 6 : r ? 3 : s ? 2 : 1;
    }

}
