package io.gatehouse.gateway.config.validation;

import java.util.ArrayList;
import java.util.List;

import io.gatehouse.gateway.config.ConfigViolation;

/** Collects violations, joining field paths as they are written in config. */
final class Violations {

    private final List<ConfigViolation> list = new ArrayList<>();

    void add(String path, String template, Object... args) {
        list.add(ConfigViolation.of(path, template, args));
    }

    void addAll(String prefix, List<ConfigViolation> violations) {
        violations.forEach(v -> list.add(v.under(prefix)));
    }

    List<ConfigViolation> list() {
        return List.copyOf(list);
    }

    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

}
