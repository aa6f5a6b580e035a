package io.gatehouse.console.gateways;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** What the gateway templates need to read entity documents: {@code ${@gatewayViews.joined(doc, 'paths')}}. */
@Component("gatewayViews")
class GatewayViews {

    /** The strings of an array field, comma-separated; empty when the field is absent. */
    public String joined(JsonNode document, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : document.path(field)) {
            values.add(value.asString());
        }
        return Lists.join(values);
    }
}
