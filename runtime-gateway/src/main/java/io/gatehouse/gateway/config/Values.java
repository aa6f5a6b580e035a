package io.gatehouse.gateway.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant defaulting and immutable copies for the definition records' compact constructors. */
final class Values {

    private Values() {
    }

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** An unmodifiable copy that keeps null elements, so the validator can report them by index. */
    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    static <T> List<T> list(List<T> values, List<T> fallback) {
        return values == null ? fallback : list(values);
    }

    static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static BigDecimal decimal(BigDecimal value, BigDecimal fallback) {
        BigDecimal chosen = value != null ? value : fallback;
        BigDecimal stripped = chosen.signum() == 0 ? BigDecimal.ZERO : chosen.stripTrailingZeros();
        // 10 is written 10, not 1E+1
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

}
