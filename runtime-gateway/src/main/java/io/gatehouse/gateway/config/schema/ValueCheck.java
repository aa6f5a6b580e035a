package io.gatehouse.gateway.config.schema;

/** A check of one value beyond its type, e.g. that a string is a CIDR block. */
@FunctionalInterface
public interface ValueCheck {

    /**
     * Checks a value already known to have the field's type.
     * @return the message of what is wrong, or {@code null} when the value is fine
     */
    String problem(Object value);

}
