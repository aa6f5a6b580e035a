package io.gatehouse.gateway.plugins.requestsize;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/** request-size-limiting: rejects request bodies larger than a limit with 413. */
public record RequestSizeLimitingConfig(
        @JsonProperty("allowed_payload_size") long allowedPayloadSize,
        @JsonProperty("size_unit") String sizeUnit,
        @JsonProperty("require_content_length") boolean requireContentLength) {

    public static final String NAME = "request-size-limiting";
    public static final int PRIORITY = 951;
    /** Large enough for any body, small enough that the size in bytes fits in a long. */
    public static final long MAX_SIZE = 1L << 40;

    public static final PluginSchema<RequestSizeLimitingConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Rejects requests whose body is larger than a limit.", RequestSizeLimitingConfig.class, List.of(
                    SchemaField.integer("allowed_payload_size", "Largest body allowed, in size_unit.", 128).between(0, MAX_SIZE),
                    SchemaField.string("size_unit", "Unit of allowed_payload_size.", "megabytes").oneOf("megabytes", "kilobytes", "bytes"),
                    SchemaField.bool("require_content_length", "Reject requests without a Content-Length header (411).", false)));

    /** The limit in bytes. */
    public long allowedBytes() {
        return switch (sizeUnit) {
            case "megabytes" -> allowedPayloadSize * 1024 * 1024;
            case "kilobytes" -> allowedPayloadSize * 1024;
            default -> allowedPayloadSize;
        };
    }

}
