package io.gatehouse.gateway.config.schema;

import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigViolation;

/**
 * A rule across fields of one plugin config (e.g. rate-limiting needs at least one limit). It sees
 * the config with defaults applied, and only when every field is well typed.
 */
@FunctionalInterface
public interface ConfigRule {

    /** Violations with paths relative to the config ({@code minute}, {@code redis.host}). */
    List<ConfigViolation> check(Map<String, Object> config);

}
