package io.gatehouse.gateway.config.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.config.ConfigViolation;

/**
 * The schema of one plugin's {@code config}: what the console builds its form from, what the control
 * plane validates writes with, and what the gateway parses into the plugin's typed config record.
 * Serialised with {@code ConfigJson.json()} it is a JSON description of the plugin (name, priority,
 * fields with type, description, default, allowed values and range) that an API can serve as is.
 *
 * @param <C> the plugin's config record
 * @param name the plugin name as in Kong ({@code rate-limiting})
 * @param priority the plugin's place in the chain: higher runs first (see docs/GATEWAY_CONFIG.md)
 * @param description what the plugin does
 * @param configType the record the config map parses into
 * @param fields the config fields
 * @param rules checks across fields
 * @param unsupportedFields Kong fields this gateway knows but does not support, with the reason
 * @param consumerScopable whether the plugin may be scoped to a consumer or consumer group
 *        (authentication plugins may not, as in Kong: they are what identifies the consumer)
 */
public record PluginSchema<C>(
        String name,
        int priority,
        String description,
        @JsonIgnore Class<C> configType,
        List<SchemaField> fields,
        @JsonIgnore List<ConfigRule> rules,
        @JsonProperty("unsupported_fields") Map<String, String> unsupportedFields,
        @JsonProperty("consumer_scopable") boolean consumerScopable) {

    public PluginSchema {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
        unsupportedFields = Map.copyOf(unsupportedFields);
    }

    /** A schema with no unsupported fields that may be scoped to consumers. */
    public static <C> PluginSchema<C> of(String name, int priority, String description, Class<C> configType,
            List<SchemaField> fields, ConfigRule... rules) {
        return new PluginSchema<>(name, priority, description, configType, fields, List.of(rules), Map.of(), true);
    }

    /** This schema, refusing consumer and consumer-group scopes. */
    public PluginSchema<C> notForConsumers() {
        return new PluginSchema<>(name, priority, description, configType, fields, rules, unsupportedFields, false);
    }

    /** This schema, reporting a Kong field that is known but not supported here. */
    public PluginSchema<C> withUnsupported(String field, String reason) {
        Map<String, String> more = new HashMap<>(unsupportedFields);
        more.put(field, reason);
        return new PluginSchema<>(name, priority, description, configType, fields, rules, more, consumerScopable);
    }

    /** The top-level field with this name. */
    public Optional<SchemaField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /**
     * Every problem with a config map: unknown or unsupported fields, wrong types, values out of
     * range or not allowed, missing required fields, then the cross-field rules. Paths are relative to
     * the config ({@code redis.port}, {@code allow[2]}).
     */
    public List<ConfigViolation> validate(Map<String, Object> config) {
        List<ConfigViolation> violations = new ArrayList<>();
        Map<String, Object> given = config == null ? Map.of() : config;
        SchemaChecker.checkRecord(fields, given, "", unsupportedFields, violations);
        if (violations.isEmpty()) {
            Map<String, Object> filled = withDefaults(given);
            for (ConfigRule rule : rules) {
                violations.addAll(rule.check(filled));
            }
        }
        return violations;
    }

    /** The config with every absent field set to its default, nested records included. */
    public Map<String, Object> withDefaults(Map<String, Object> config) {
        return SchemaChecker.withDefaults(fields, config == null ? Map.of() : config);
    }

    /** The config without the fields that equal their default (how a declarative export writes it). */
    public Map<String, Object> withoutDefaults(Map<String, Object> config) {
        return SchemaChecker.withoutDefaults(fields, config == null ? Map.of() : config);
    }

    /**
     * Parses a config map into the plugin's typed record, defaults applied.
     * @throws ConfigException listing every violation (paths under {@code config.}) when it is invalid
     */
    public C parse(Map<String, Object> config) {
        List<ConfigViolation> violations = validate(config);
        if (!violations.isEmpty()) {
            throw new ConfigException(violations.stream().map(v -> v.under("config")).toList());
        }
        return ConfigJson.json().convertValue(withDefaults(config), configType);
    }

    /** The typed config with every default. */
    public C defaults() {
        return parse(Map.of());
    }

}
