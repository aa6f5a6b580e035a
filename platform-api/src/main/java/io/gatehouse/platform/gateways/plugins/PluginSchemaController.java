package io.gatehouse.platform.gateways.plugins;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.schema.PluginSchemas;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.OrgRole;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.shared.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/plugin-schemas}: the plugins the gateways run, each with its priority and config fields
 * (type, default, allowed values, range, description) — the same schema every plugin write is validated
 * against, for forms and tooling (Kong's {@code /schemas/plugins/{name}}).
 */
@ApiController("/api/v1/plugin-schemas")
@Tag(name = "Plugin schemas", description = "The config schema of every plugin the gateways run")
class PluginSchemaController {

    private final CurrentCaller caller;

    PluginSchemaController(CurrentCaller caller) {
        this.caller = caller;
    }

    @GetMapping
    @Operation(summary = "All plugin schemas, in plugin chain order (highest priority first)")
    ObjectNode list() {
        caller.requireOrgRole(OrgRole.VIEWER);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode data = body.putArray("data");
        PluginSchemas.all().forEach(schema -> data.add((JsonNode) ConfigJson.json().valueToTree(schema)));
        body.putNull("next");
        return body;
    }

    @GetMapping("/{name}")
    @Operation(summary = "The schema of one plugin")
    JsonNode get(@PathVariable String name) {
        caller.requireOrgRole(OrgRole.VIEWER);
        return PluginSchemas.find(name).map(schema -> (JsonNode) ConfigJson.json().valueToTree(schema))
                .orElseThrow(() -> new NotFoundException("plugin", name));
    }
}
