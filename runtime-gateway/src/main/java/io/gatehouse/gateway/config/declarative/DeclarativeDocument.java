package io.gatehouse.gateway.config.declarative;

import java.util.List;

import io.gatehouse.gateway.config.ConfigException;
import io.gatehouse.gateway.config.ConfigViolation;
import io.gatehouse.gateway.config.DeclarativeConfig;

/**
 * A declarative file as read: the flat config and every violation found, with paths as they are in
 * the file ({@code services[0].routes[1].paths[0]}). The config is only meaningful when there are no
 * violations.
 */
public record DeclarativeDocument(DeclarativeConfig config, List<ConfigViolation> violations) {

    public DeclarativeDocument {
        violations = List.copyOf(violations);
    }

    /** True when the file parsed and passed every rule. */
    public boolean isValid() {
        return violations.isEmpty();
    }

    /**
     * The config, if valid.
     * @throws ConfigException with every violation otherwise
     */
    public DeclarativeConfig requireValid() {
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        return config;
    }

}
