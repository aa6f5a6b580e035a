package io.gatehouse.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** Config that cannot be used, with every violation found. */
public class ConfigException extends RuntimeException {

    private final List<ConfigViolation> violations;

    public ConfigException(List<ConfigViolation> violations) {
        super(violations.stream().map(ConfigViolation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** What is wrong, never empty. */
    public List<ConfigViolation> violations() {
        return violations;
    }

}
