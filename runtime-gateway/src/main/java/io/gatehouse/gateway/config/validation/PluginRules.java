package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.util.List;
import java.util.Optional;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.PluginDefinition;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.PluginSchemas;

/** Rules of one plugin instance on its own: a known plugin, a valid config and an allowed scope. */
final class PluginRules {

    static final List<String> PROTOCOLS = PluginDefinition.DEFAULT_PROTOCOLS;

    private PluginRules() {
    }

    static void check(PluginDefinition plugin, String path, Violations violations) {
        Syntax.id(plugin.id(), path, violations);
        Syntax.name(plugin.instanceName(), at(path, "instance_name"), violations);
        if (plugin.name() == null) {
            violations.add(at(path, "name"), ConfigMessages.REQUIRED);
            return;
        }
        Optional<PluginSchema<?>> schema = PluginSchemas.find(plugin.name());
        if (schema.isEmpty()) {
            violations.add(at(path, "name"), ConfigMessages.UNKNOWN_PLUGIN, plugin.name());
            return;
        }
        violations.addAll(path, PluginSchemas.validate(plugin.name(), plugin.config()));
        if (!schema.get().consumerScopable()) {
            if (plugin.consumer() != null) {
                violations.add(at(path, "consumer"), ConfigMessages.PLUGIN_NOT_FOR_CONSUMER, plugin.name());
            }
            if (plugin.consumerGroup() != null) {
                violations.add(at(path, "consumer_group"), ConfigMessages.PLUGIN_NOT_FOR_CONSUMER, plugin.name());
            }
        }
        RouteRules.elements(plugin.protocols(), at(path, "protocols"), violations, protocol -> PROTOCOLS
            .contains(protocol) ? null : String.format(ConfigMessages.NOT_ONE_OF, String.join(", ", PROTOCOLS)));
        Syntax.tags(plugin.tags(), path, violations);
    }

}
