package io.gatehouse.gateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The one spelling of durations in the config language (MeshRetry fields): a sequence of
 * {@code <integer><unit>} parts (at most nine digits each) with units {@code h}, {@code m}, {@code s}, {@code ms}, as in
 * {@code "25ms"}, {@code "15s"}, {@code "1m30s"}; a bare {@code "0"} or {@code 0} means zero.
 * Written back in the shortest canonical form ({@code 90s} → {@code "1m30s"}).
 */
public final class DurationText {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|h|m|s)");

    private DurationText() {
    }

    /**
     * Parses a duration.
     * @throws IllegalArgumentException when the text is not a duration in this spelling
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a duration (expected e.g. \"25ms\", \"15s\", \"1m30s\"): " + text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = switch (part.group(2)) {
                case "h" -> total.plusHours(amount);
                case "m" -> total.plusMinutes(amount);
                case "s" -> total.plusSeconds(amount);
                default -> total.plusMillis(amount);
            };
        }
        return total;
    }

    /** Formats a duration in the canonical spelling; sub-millisecond parts are dropped. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long ms = millis % 1000;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (ms > 0) {
            text.append(ms).append("ms");
        }
        return text.toString();
    }

    /** Jackson reader for {@link Duration} fields in this spelling. */
    public static final class Reader extends StdDeserializer<Duration> {

        public Reader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() == 0) {
                return Duration.ZERO;
            }
            if (token != JsonToken.VALUE_STRING) {
                return context.reportInputMismatch(this, "expected a duration string such as \"25ms\" or \"15s\"");
            }
            try {
                return parse(parser.getString());
            }
            catch (IllegalArgumentException ex) {
                return context.reportInputMismatch(this, ex.getMessage());
            }
        }

    }

    /** Jackson writer for {@link Duration} fields in this spelling. */
    public static final class Writer extends StdSerializer<Duration> {

        public Writer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(format(value));
        }

    }

}
