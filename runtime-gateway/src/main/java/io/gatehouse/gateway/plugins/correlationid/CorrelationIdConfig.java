package io.gatehouse.gateway.plugins.correlationid;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * correlation-id: gives each request an id in a header (kept when the client sent one). The default
 * header is X-Request-Id, the one every Gatehouse response carries (Kong's is Kong-Request-ID).
 */
public record CorrelationIdConfig(
        @JsonProperty("header_name") String headerName,
        String generator,
        @JsonProperty("echo_downstream") boolean echoDownstream) {

    public static final String NAME = "correlation-id";
    public static final int PRIORITY = 1;

    public static final PluginSchema<CorrelationIdConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Tags each request with a correlation id header.", CorrelationIdConfig.class, List.of(
                    SchemaField.string("header_name", "Header that carries the id.", "X-Request-Id").checkedBy(Checks.HEADER_NAME),
                    SchemaField.string("generator", "How ids are made: uuid, uuid#counter (a per-worker uuid and a counter) or tracker (server address, port, time and counter).", "uuid#counter")
                        .oneOf("uuid", "uuid#counter", "tracker"),
                    SchemaField.bool("echo_downstream", "Send the id back to the client in the response.", false)));

}
