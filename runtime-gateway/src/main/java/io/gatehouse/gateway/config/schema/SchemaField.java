package io.gatehouse.gateway.config.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One field of a plugin config schema, the form builder's and the validator's description of it.
 *
 * @param name the snake_case key
 * @param type its JSON type
 * @param description what it does, shown next to the form field
 * @param defaultValue the value used when the field is absent; {@code null} means "none"
 * @param allowedValues for strings (and string elements): the only values accepted; empty for any
 * @param min lowest number accepted, or null
 * @param max highest number accepted, or null
 * @param required whether a value must be given (only fields without a default are required)
 * @param element for arrays, the schema of each element (its name is unused)
 * @param fields for records, the nested fields
 * @param check an extra check of the value (or of each element, on the element schema), or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SchemaField(
        String name,
        FieldType type,
        String description,
        @JsonProperty("default") @JsonInclude(JsonInclude.Include.ALWAYS) Object defaultValue,
        @JsonProperty("one_of") List<String> allowedValues,
        Number min,
        Number max,
        boolean required,
        SchemaField element,
        List<SchemaField> fields,
        @JsonIgnore ValueCheck check) {

    public SchemaField {
        allowedValues = List.copyOf(allowedValues);
        fields = List.copyOf(fields);
    }

    private static SchemaField simple(String name, FieldType type, String description, Object defaultValue) {
        return new SchemaField(name, type, description, defaultValue, List.of(), null, null, false, null, List.of(),
                null);
    }

    /** A string field. */
    public static SchemaField string(String name, String description, String defaultValue) {
        return simple(name, FieldType.STRING, description, defaultValue);
    }

    /** An integer field. */
    public static SchemaField integer(String name, String description, Number defaultValue) {
        return simple(name, FieldType.INTEGER, description, defaultValue);
    }

    /** A number field (integer or decimal). */
    public static SchemaField number(String name, String description, Number defaultValue) {
        return simple(name, FieldType.NUMBER, description, defaultValue);
    }

    /** A boolean field. */
    public static SchemaField bool(String name, String description, boolean defaultValue) {
        return simple(name, FieldType.BOOLEAN, description, defaultValue);
    }

    /** An object of string to string. */
    public static SchemaField stringMap(String name, String description) {
        return simple(name, FieldType.MAP, description, Map.of());
    }

    /** A list of strings, each element optionally restricted further by {@code elementCheck}. */
    public static SchemaField strings(String name, String description, List<String> defaultValue,
            ValueCheck elementCheck) {
        SchemaField element = new SchemaField("", FieldType.STRING, "", null, List.of(), null, null, false, null,
                List.of(), elementCheck);
        return new SchemaField(name, FieldType.ARRAY, description, defaultValue, List.of(), null, null, false, element,
                List.of(), null);
    }

    /** A list of strings drawn from a fixed set. */
    public static SchemaField stringsOf(String name, String description, List<String> defaultValue,
            String... allowed) {
        SchemaField element = new SchemaField("", FieldType.STRING, "", null, List.of(allowed), null, null, false,
                null, List.of(), null);
        return new SchemaField(name, FieldType.ARRAY, description, defaultValue, List.of(), null, null, false, element,
                List.of(), null);
    }

    /** A nested object; its default is the object of its fields' defaults. */
    public static SchemaField record(String name, String description, SchemaField... fields) {
        return new SchemaField(name, FieldType.RECORD, description, null, List.of(), null, null, false, null,
                Arrays.asList(fields), null);
    }

    /** This field, accepting only the given values. */
    public SchemaField oneOf(String... values) {
        return new SchemaField(name, type, description, defaultValue, List.of(values), min, max, required, element,
                fields, check);
    }

    /** This field, accepting only numbers in [low, high] (either may be null for unbounded). */
    public SchemaField between(Number low, Number high) {
        return new SchemaField(name, type, description, defaultValue, allowedValues, low, high, required, element,
                fields, check);
    }

    /** This field, which must be given (it has no default). */
    public SchemaField mandatory() {
        return new SchemaField(name, type, description, null, allowedValues, min, max, true, element, fields, check);
    }

    /** This field with an extra check of its value. */
    public SchemaField checkedBy(ValueCheck valueCheck) {
        return new SchemaField(name, type, description, defaultValue, allowedValues, min, max, required, element,
                fields, valueCheck);
    }

    /** The nested field with this name, for records. */
    public Optional<SchemaField> nestedField(String fieldName) {
        return fields.stream().filter(f -> f.name.equals(fieldName)).findFirst();
    }

}
