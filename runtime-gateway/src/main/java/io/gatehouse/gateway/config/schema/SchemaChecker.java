package io.gatehouse.gateway.config.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.ConfigViolation;

/** The walk over a config map that {@link PluginSchema} validates and fills defaults with. */
final class SchemaChecker {

    private SchemaChecker() {
    }

    static void checkRecord(List<SchemaField> fields, Map<?, ?> values, String path,
            Map<String, String> unsupported, List<ConfigViolation> violations) {
        for (Object key : values.keySet()) {
            String name = String.valueOf(key);
            if (fields.stream().noneMatch(f -> f.name().equals(name))) {
                String reason = path.isEmpty() ? unsupported.get(name) : null;
                violations.add(reason != null
                        ? ConfigViolation.of(join(path, name), ConfigMessages.UNSUPPORTED_FIELD, reason)
                        : ConfigViolation.of(join(path, name), ConfigMessages.UNKNOWN_FIELD));
            }
        }
        for (SchemaField field : fields) {
            Object value = values.get(field.name());
            String fieldPath = join(path, field.name());
            if (value == null) {
                if (field.required()) {
                    violations.add(ConfigViolation.of(fieldPath, ConfigMessages.REQUIRED));
                }
                continue;
            }
            checkValue(field, value, fieldPath, violations);
        }
    }

    private static void checkValue(SchemaField field, Object value, String path, List<ConfigViolation> violations) {
        if (!hasType(field.type(), value)) {
            violations.add(ConfigViolation.of(path, ConfigMessages.WRONG_TYPE, field.type().description()));
            return;
        }
        switch (field.type()) {
            case ARRAY -> {
                List<?> elements = (List<?>) value;
                for (int i = 0; i < elements.size(); i++) {
                    Object element = elements.get(i);
                    if (element == null) {
                        violations.add(ConfigViolation.of(path + "[" + i + "]", ConfigMessages.NULL_ELEMENT));
                    }
                    else {
                        checkValue(field.element(), element, path + "[" + i + "]", violations);
                    }
                }
            }
            case RECORD -> checkRecord(field.fields(), (Map<?, ?>) value, path, Map.of(), violations);
            case MAP -> ((Map<?, ?>) value).forEach((k, v) -> {
                if (!(v instanceof String)) {
                    violations.add(ConfigViolation.of(join(path, String.valueOf(k)), ConfigMessages.WRONG_TYPE,
                            FieldType.STRING.description()));
                }
            });
            default -> checkScalar(field, value, path, violations);
        }
    }

    private static void checkScalar(SchemaField field, Object value, String path, List<ConfigViolation> violations) {
        if (!field.allowedValues().isEmpty() && !field.allowedValues().contains(String.valueOf(value))) {
            violations.add(ConfigViolation.of(path, ConfigMessages.NOT_ONE_OF, String.join(", ", field.allowedValues())));
            return;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = decimal(number);
            boolean belowMin = field.min() != null && decimal.compareTo(decimal(field.min())) < 0;
            boolean aboveMax = field.max() != null && decimal.compareTo(decimal(field.max())) > 0;
            if (belowMin || aboveMax) {
                violations.add(rangeViolation(field, path));
                return;
            }
        }
        if (field.check() != null) {
            String problem = field.check().problem(value);
            if (problem != null) {
                violations.add(new ConfigViolation(path, problem));
            }
        }
    }

    private static ConfigViolation rangeViolation(SchemaField field, String path) {
        if (field.min() != null && field.max() != null) {
            return ConfigViolation.of(path, ConfigMessages.OUT_OF_RANGE, field.min(), field.max());
        }
        return field.min() != null ? ConfigViolation.of(path, ConfigMessages.AT_LEAST, field.min())
                : ConfigViolation.of(path, ConfigMessages.AT_MOST, field.max());
    }

    static boolean hasType(FieldType type, Object value) {
        return switch (type) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short
                    || (value instanceof BigInteger big && big.bitLength() < 64);
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case ARRAY -> value instanceof List;
            case RECORD, MAP -> value instanceof Map;
        };
    }

    static Map<String, Object> withDefaults(List<SchemaField> fields, Map<?, ?> values) {
        Map<String, Object> filled = new LinkedHashMap<>();
        values.forEach((k, v) -> filled.put(String.valueOf(k), v));
        for (SchemaField field : fields) {
            Object value = filled.get(field.name());
            if (field.type() == FieldType.RECORD) {
                Map<?, ?> nested = value instanceof Map<?, ?> map ? map : Map.of();
                filled.put(field.name(), withDefaults(field.fields(), nested));
            }
            else if (value == null) {
                filled.remove(field.name());
                if (field.defaultValue() != null) {
                    filled.put(field.name(), field.defaultValue());
                }
            }
        }
        return filled;
    }

    static Map<String, Object> withoutDefaults(List<SchemaField> fields, Map<?, ?> values) {
        Map<String, Object> kept = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String name = String.valueOf(k);
            SchemaField field = fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
            if (field == null) {
                kept.put(name, v);
            }
            else if (field.type() == FieldType.RECORD && v instanceof Map<?, ?> nested) {
                Map<String, Object> inner = withoutDefaults(field.fields(), nested);
                if (!inner.isEmpty()) {
                    kept.put(name, inner);
                }
            }
            else if (v != null && !sameValue(v, field.defaultValue())) {
                kept.put(name, v);
            }
        });
        return kept;
    }

    /** Equality that treats numbers by value (1 equals 1.0) and lists element-wise. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.equals(y);
        }
        return a == null ? b == null : a.equals(b);
    }

    static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        return BigDecimal.valueOf(number.longValue());
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

}
