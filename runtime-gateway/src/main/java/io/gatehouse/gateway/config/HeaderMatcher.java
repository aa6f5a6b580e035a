package io.gatehouse.gateway.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A MeshRetry header match: {@code type} is one of {@code Exact} (default), {@code Present},
 * {@code RegularExpression}, {@code Absent}, {@code Prefix}; {@code name} is matched
 * case-insensitively; {@code value} is required for Exact, RegularExpression and Prefix.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeaderMatcher(Type type, String name, String value) {

    public HeaderMatcher {
        type = Values.or(type, Type.Exact);
    }

    /** How a header is matched. Spelled as in MeshRetry. */
    public enum Type {

        Exact, Present, RegularExpression, Absent, Prefix;

        /** True when this match type needs a value. */
        public boolean needsValue() {
            return this == Exact || this == RegularExpression || this == Prefix;
        }

    }

}
