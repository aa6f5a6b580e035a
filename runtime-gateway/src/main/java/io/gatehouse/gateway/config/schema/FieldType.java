package io.gatehouse.gateway.config.schema;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The JSON type of a plugin config field. */
public enum FieldType {

    STRING("a string"),
    INTEGER("an integer"),
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    /** A list; its elements are described by {@link SchemaField#element()}. */
    ARRAY("an array"),
    /** A nested object; its fields are {@link SchemaField#fields()}. */
    RECORD("an object"),
    /** An object of string keys to string values (e.g. extra headers). */
    MAP("an object of strings");

    private final String description;

    FieldType(String description) {
        this.description = description;
    }

    /** The type as written in a schema description: {@code string}, {@code integer}, … */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How the type reads in a message ("expected an integer"). */
    public String description() {
        return description;
    }

}
