package io.gatehouse.platform.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;

/**
 * One analytics question: a metric over [from, to) at a granularity, optionally split by a dimension (the
 * {@code limit} busiest groups).
 *
 * @param metric      what to measure
 * @param groupBy     what to split by; {@code null} for one series of everything
 * @param from        inclusive, truncated to the granularity
 * @param to          exclusive
 * @param granularity the period of each point
 * @param limit       at most this many series (the groups with most requests)
 * @param service     only this service's traffic ({@code null}: all)
 * @param consumer    only this consumer's traffic, by the id gateways record ({@code null}: all; {@code ""}: only
 *                    requests no consumer was identified for)
 */
public record TrafficQuery(TrafficMetric metric, TrafficGroupBy groupBy, Instant from, Instant to,
        Granularity granularity, int limit, String service, String consumer) {

    /** A query over every consumer's traffic. */
    public TrafficQuery(TrafficMetric metric, TrafficGroupBy groupBy, Instant from, Instant to, Granularity granularity,
            int limit, String service) {
        this(metric, groupBy, from, to, granularity, limit, service, null);
    }

    /** The most points one series may have. */
    public static final int MAX_POINTS = 1_500;
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    /** The longest id gateways record (longer ones are refused at ingest). */
    public static final int MAX_ID = 64;

    /**
     * Reads the query parameters of the API (all optional): {@code metric} (requests), {@code group_by},
     * {@code from}/{@code to} (ISO-8601 instants; the last hour), {@code granularity} (from the range: minute up to
     * 6 hours, hour up to 14 days, day beyond), {@code limit} (10), {@code service}. Every bad parameter is a field
     * error.
     */
    public static TrafficQuery parse(String metric, String groupBy, String from, String to, String granularity,
            String limit, String service, Instant now) {
        return parse(metric, groupBy, from, to, granularity, limit, service, null, now);
    }

    /**
     * Like {@link #parse(String, String, String, String, String, String, String, Instant)}, with {@code consumer}: the
     * id gateways record for a consumer (the caller resolves a name to it first), at most {@value #MAX_ID}
     * characters without control characters.
     */
    public static TrafficQuery parse(String metric, String groupBy, String from, String to, String granularity,
            String limit, String service, String consumer, Instant now) {
        List<FieldViolation> errors = new ArrayList<>();
        String parsedService = id(service, "service", errors);
        String parsedConsumer = id(consumer, "consumer", errors);
        TrafficMetric parsedMetric = parseEnum(TrafficMetric.class, metric == null ? "requests" : metric, "metric", errors);
        TrafficGroupBy parsedGroup = groupBy == null || groupBy.isBlank() ? null
                : parseEnum(TrafficGroupBy.class, groupBy, "group_by", errors);
        Instant end = parseInstant(to, "to", errors);
        end = end == null ? now : end;
        Instant start = parseInstant(from, "from", errors);
        start = start == null ? end.minus(Duration.ofHours(1)) : start;
        if (!start.isBefore(end)) {
            errors.add(new FieldViolation("from", "must be before 'to'"));
        }
        Granularity parsedGranularity = granularity == null || granularity.isBlank() ? automatic(start, end)
                : parseEnum(Granularity.class, granularity, "granularity", errors);
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
            } catch (NumberFormatException ex) {
                parsedLimit = -1;
            }
            if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                errors.add(new FieldViolation("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (errors.isEmpty() && parsedGranularity != null) {
            start = parsedGranularity.truncate(start);
            long points = Duration.between(start, end).toMillis() / parsedGranularity.step().toMillis() + 1;
            if (points > MAX_POINTS) {
                errors.add(new FieldViolation("granularity", "gives " + points + " points over this range; at most "
                        + MAX_POINTS + " — choose a coarser granularity or a shorter range"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Invalid analytics query", errors);
        }
        return new TrafficQuery(parsedMetric, parsedGroup, start, end, parsedGranularity, parsedLimit, parsedService,
                parsedConsumer);
    }

    /** An optional id filter: absent or blank is none; otherwise at most {@value #MAX_ID} characters, none a control character. */
    private static String id(String text, String field, List<FieldViolation> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String id = text.strip();
        if (id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldViolation(field, "must be an id or name of at most " + MAX_ID
                    + " characters, without control characters"));
            return null;
        }
        return id;
    }

    static Granularity automatic(Instant from, Instant to) {
        Duration range = Duration.between(from, to);
        if (range.compareTo(Duration.ofHours(6)) <= 0) {
            return Granularity.MINUTE;
        }
        return range.compareTo(Duration.ofDays(14)) <= 0 ? Granularity.HOUR : Granularity.DAY;
    }

    private static Instant parseInstant(String text, String field, List<FieldViolation> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException ex) {
            errors.add(new FieldViolation(field, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z"));
            return null;
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field, List<FieldViolation> errors) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            errors.add(new FieldViolation(field, "must be one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList())));
            return null;
        }
    }
}
