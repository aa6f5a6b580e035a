package io.gatehouse.gateway.retry;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A MeshRetry header match: {@code Exact} (default), {@code Present}, {@code RegularExpression},
 * {@code Absent} or {@code Prefix} on a header named in lower case.
 *
 * @param name  lower-case header name
 * @param type  how to match
 * @param value the value to compare with (unused by Present and Absent)
 */
public record HeaderMatcher(String name, Type type, String value) {

    /** Match types of MeshRetry's HeaderMatch. */
    public enum Type { EXACT, PRESENT, REGULAR_EXPRESSION, ABSENT, PREFIX }

    public HeaderMatcher {
        name = name.toLowerCase(Locale.ROOT);
        if (type == Type.REGULAR_EXPRESSION) {
            Pattern.compile(value);
        }
    }

    /** Whether the headers (looked up by lower-case name; null when absent) satisfy this match. */
    public boolean matches(Function<String, String> headers) {
        String actual = headers.apply(name);
        return switch (type) {
            case PRESENT -> actual != null;
            case ABSENT -> actual == null;
            case EXACT -> actual != null && actual.equals(value);
            case PREFIX -> actual != null && actual.startsWith(value);
            case REGULAR_EXPRESSION -> actual != null && Pattern.matches(value, actual);
        };
    }
}
