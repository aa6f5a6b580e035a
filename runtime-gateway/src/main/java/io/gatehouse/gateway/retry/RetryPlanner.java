package io.gatehouse.gateway.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Decides, for one policy, whether an attempt's outcome is retried and how long to wait first.
 * Pure apart from the injected random source and clock, so delays are testable.
 */
public final class RetryPlanner {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private final RetryRules rules;
    private final Set<String> retriedMethods;
    private final RandomGenerator random;
    private final Clock clock;

    public RetryPlanner(RetryRules rules, RandomGenerator random, Clock clock) {
        this.rules = rules;
        this.retriedMethods = rules.retriedMethods();
        this.random = random;
        this.clock = clock;
    }

    public RetryRules rules() {
        return rules;
    }

    /**
     * Whether this request may be retried at all: its method must be named by an {@code HttpMethod*}
     * condition (or, when none is named, be idempotent), and it must match one of the retriable request
     * header rules when there are any.
     */
    public boolean requestRetriable(String method, Function<String, String> headers) {
        if (rules.numRetries() <= 0) {
            return false;
        }
        boolean methodAllowed = retriedMethods.isEmpty() ? IDEMPOTENT.contains(method) : retriedMethods.contains(method);
        if (!methodAllowed) {
            return false;
        }
        return rules.retriableRequestHeaders().isEmpty()
                || rules.retriableRequestHeaders().stream().anyMatch(m -> m.matches(headers));
    }

    /** Whether an upstream response with this status and these headers triggers a retry. */
    public boolean responseRetriable(int status, Function<String, String> headers) {
        for (RetryCondition condition : rules.retryOn()) {
            boolean hit = switch (condition.kind()) {
                case STATUS -> status == condition.status();
                case SERVER_ERROR -> status >= 500 && status <= 599;
                case GATEWAY_ERROR -> status == 502 || status == 503 || status == 504;
                case RETRIABLE_4XX -> status == 409;
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return rules.retriableResponseHeaders().stream().anyMatch(m -> m.matches(headers));
    }

    /** Whether an attempt that got no response triggers a retry. */
    public boolean failureRetriable(FailureKind failure) {
        for (RetryCondition condition : rules.retryOn()) {
            boolean hit = switch (condition.kind()) {
                case SERVER_ERROR, GATEWAY_ERROR -> failure != FailureKind.REFUSED_STREAM;
                case RESET -> failure == FailureKind.RESET || failure == FailureKind.TIMEOUT;
                case CONNECT_FAILURE -> failure == FailureKind.CONNECT_FAILURE;
                case REFUSED_STREAM -> failure == FailureKind.REFUSED_STREAM;
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry). A response's reset headers are
     * tried first, in order; a header whose value does not parse, lies in the past or exceeds the
     * rate-limited maximum is skipped. Otherwise the exponential back-off: a random time in
     * [0, (2^retry − 1) × base), the range capped at the max interval.
     *
     * @param responseHeaders the failed attempt's response headers, or null when there was no response
     */
    public Duration delayBefore(int retry, Function<String, String> responseHeaders) {
        if (responseHeaders != null) {
            for (ResetHeader header : rules.resetHeaders()) {
                Duration fromHeader = parseReset(header, responseHeaders.apply(header.name()));
                if (fromHeader != null && fromHeader.compareTo(rules.rateLimitedMaxInterval()) <= 0) {
                    return fromHeader;
                }
            }
        }
        return exponential(retry);
    }

    Duration exponential(int retry) {
        long base = rules.baseInterval().toNanos();
        long multiplier = retry >= 62 ? Long.MAX_VALUE : (1L << retry) - 1;
        long range = multiplier > Long.MAX_VALUE / base ? Long.MAX_VALUE : base * multiplier;
        range = Math.min(range, rules.maxInterval().toNanos());
        return range <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(range));
    }

    private Duration parseReset(ResetHeader header, String value) {
        if (value == null) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (number < 0) {
            return null;
        }
        return switch (header.format()) {
            case SECONDS -> Duration.ofSeconds(number);
            case UNIX_TIMESTAMP -> {
                Duration until = Duration.between(clock.instant(), Instant.ofEpochSecond(number));
                yield until.isNegative() ? null : until;
            }
        };
    }
}
