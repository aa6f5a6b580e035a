package io.gatehouse.gateway.plugins.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.schema.Checks;
import io.gatehouse.gateway.config.schema.PluginSchema;
import io.gatehouse.gateway.config.schema.SchemaField;

/**
 * rate-limiting: counts requests per window (second … year) per consumer, credential, client IP,
 * header value or path, in memory ({@code local}) or in Redis ({@code redis}, cluster-wide).
 * A null limit means that window is not limited.
 */
public record RateLimitConfig(
        Long second,
        Long minute,
        Long hour,
        Long day,
        Long month,
        Long year,
        @JsonProperty("limit_by") String limitBy,
        @JsonProperty("header_name") String headerName,
        String path,
        String policy,
        Redis redis,
        @JsonProperty("fault_tolerant") boolean faultTolerant,
        @JsonProperty("hide_client_headers") boolean hideClientHeaders,
        @JsonProperty("error_code") int errorCode,
        @JsonProperty("error_message") String errorMessage) {

    public static final String NAME = "rate-limiting";
    public static final int PRIORITY = 910;
    /** The windows in increasing length, as config keys. */
    public static final List<String> WINDOWS = List.of("second", "minute", "hour", "day", "month", "year");

    public static final String NO_LIMIT = "at least one of second, minute, hour, day, month or year is required";
    public static final String LIMIT_ORDER = "must not be lower than the limit per %s (%s)";

    public static final PluginSchema<RateLimitConfig> SCHEMA = PluginSchema.of(NAME, PRIORITY,
            "Limits how many requests a client makes per second, minute, hour, day, month or year.",
            RateLimitConfig.class, fields(), RateLimitConfig::crossChecks);

    /** Redis connection for the {@code redis} policy. */
    public record Redis(
            String host,
            int port,
            String username,
            String password,
            int database,
            int timeout,
            boolean ssl,
            @JsonProperty("ssl_verify") boolean sslVerify,
            @JsonProperty("server_name") String serverName) {
    }

    /** The limit of a window by its config key, or null when that window is unlimited. */
    public Long limit(String window) {
        return switch (window) {
            case "second" -> second;
            case "minute" -> minute;
            case "hour" -> hour;
            case "day" -> day;
            case "month" -> month;
            case "year" -> year;
            default -> throw new IllegalArgumentException("unknown window " + window);
        };
    }

    private static List<SchemaField> fields() {
        List<SchemaField> fields = new ArrayList<>();
        for (String window : WINDOWS) {
            fields.add(SchemaField.integer(window, "Requests allowed per " + window + "; empty for no limit.", null)
                .between(1, null));
        }
        fields.add(SchemaField.string("limit_by", "What a counter belongs to: consumer (falls back to ip when none), credential, ip, header (header_name) or path.", "consumer")
            .oneOf("consumer", "credential", "ip", "header", "path"));
        fields.add(SchemaField.string("header_name", "Header whose value is counted; required when limit_by is header.", null)
            .checkedBy(Checks.HEADER_NAME));
        fields.add(SchemaField.string("path", "Path that is counted (requests to other paths count by client IP, as in Kong); required when limit_by is path.", null));
        fields.add(SchemaField.string("policy", "Where counters live: local (this gateway's memory) or redis (shared by all gateways).", "local")
            .oneOf("local", "redis"));
        fields.add(SchemaField.record("redis", "Redis connection, used when policy is redis.",
                SchemaField.string("host", "Redis host; required when policy is redis.", null),
                SchemaField.integer("port", "Redis port.", 6379).between(0, 65535),
                SchemaField.string("username", "Redis ACL user name; empty for the default user.", null),
                SchemaField.string("password", "Redis password; empty for none.", null),
                SchemaField.integer("database", "Redis database number.", 0).between(0, Integer.MAX_VALUE),
                SchemaField.integer("timeout", "Connect and command timeout in milliseconds.", 2000).between(1, Integer.MAX_VALUE),
                SchemaField.bool("ssl", "Connect to Redis over TLS.", false),
                SchemaField.bool("ssl_verify", "Verify the Redis server certificate.", false),
                SchemaField.string("server_name", "SNI name sent to Redis over TLS.", null)));
        fields.add(SchemaField.bool("fault_tolerant", "Keep proxying (counting locally) when Redis fails, instead of answering 500.", true));
        fields.add(SchemaField.bool("hide_client_headers", "Do not send X-RateLimit-* and RateLimit-* headers to the client.", false));
        fields.add(SchemaField.integer("error_code", "Status of a rejected request.", 429).between(100, 599));
        fields.add(SchemaField.string("error_message", "Message of a rejected request.", "API rate limit exceeded"));
        return fields;
    }

    private static List<ConfigViolation> crossChecks(Map<String, Object> config) {
        List<ConfigViolation> violations = new ArrayList<>();
        String previous = null;
        for (String window : WINDOWS) {
            Number limit = (Number) config.get(window);
            if (limit == null) {
                continue;
            }
            if (previous != null && limit.longValue() < ((Number) config.get(previous)).longValue()) {
                violations.add(ConfigViolation.of(window, LIMIT_ORDER, previous, config.get(previous)));
            }
            previous = window;
        }
        if (previous == null) {
            violations.add(new ConfigViolation("", NO_LIMIT));
        }
        if ("header".equals(config.get("limit_by")) && config.get("header_name") == null) {
            violations.add(new ConfigViolation("header_name", ConfigMessages.REQUIRED));
        }
        if ("path".equals(config.get("limit_by")) && config.get("path") == null) {
            violations.add(new ConfigViolation("path", ConfigMessages.REQUIRED));
        }
        Map<?, ?> redis = (Map<?, ?>) config.get("redis");
        if ("redis".equals(config.get("policy")) && redis.get("host") == null) {
            violations.add(new ConfigViolation("redis.host", ConfigMessages.REQUIRED));
        }
        return violations;
    }

}
