package io.gatehouse.gateway.plugins.httplog;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * http-log: sends a JSON record of each request to an HTTP endpoint, in batches from a bounded queue
 * that never blocks requests (entries beyond {@code queue.max_entries} are dropped and counted).
 */
public record HttpLogConfig(
        @JsonProperty("http_endpoint") String httpEndpoint,
        String method,
        @JsonProperty("content_type") String contentType,
        int timeout,
        int keepalive,
        Map<String, String> headers,
        Queue queue) {

    public static final String NAME = "http-log";
    public static final int PRIORITY = 12;

    public static final PluginSchema<HttpLogConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Sends request and response logs to an HTTP endpoint in batches.", HttpLogConfig.class, List.of(
                    SchemaField.string("http_endpoint", "URL the log batches are sent to.", null)
                        .checkedBy(Checks.HTTP_URL).mandatory(),
                    SchemaField.string("method", "HTTP method of the log request.", "POST").oneOf("POST", "PUT", "PATCH"),
                    SchemaField.string("content_type", "Content type of the log request.", "application/json")
                        .oneOf("application/json"),
                    SchemaField.integer("timeout", "Timeout of a log request in milliseconds.", 10_000).between(1, Integer.MAX_VALUE),
                    SchemaField.integer("keepalive", "How long an idle connection to the endpoint is kept, in milliseconds.", 60_000).between(0, Integer.MAX_VALUE),
                    SchemaField.stringMap("headers", "Extra headers of the log request."),
                    SchemaField.record("queue", "The bounded queue between requests and the endpoint.",
                            SchemaField.integer("max_batch_size", "Most entries sent in one request.", 1).between(1, 1_000_000),
                            SchemaField.number("max_coalescing_delay", "Seconds to wait for a batch to fill before sending it.", 1).between(0, 3600),
                            SchemaField.integer("max_entries", "Most entries held; further entries are dropped.", 10_000).between(1, 1_000_000),
                            SchemaField.number("max_retry_time", "Seconds to keep retrying a failed batch before dropping it.", 60).between(0, null),
                            SchemaField.number("initial_retry_delay", "Seconds before the first retry of a failed batch.", 0.01).between(0.001, 1_000_000),
                            SchemaField.number("max_retry_delay", "Longest wait between retries, in seconds.", 60).between(0.001, 1_000_000))))
        .withUnsupported("custom_fields_by_lua", "this gateway does not run Lua");

    /** The queue between requests and the log endpoint. */
    public record Queue(
            @JsonProperty("max_batch_size") int maxBatchSize,
            @JsonProperty("max_coalescing_delay") double maxCoalescingDelay,
            @JsonProperty("max_entries") int maxEntries,
            @JsonProperty("max_retry_time") double maxRetryTime,
            @JsonProperty("initial_retry_delay") double initialRetryDelay,
            @JsonProperty("max_retry_delay") double maxRetryDelay) {
    }

}
