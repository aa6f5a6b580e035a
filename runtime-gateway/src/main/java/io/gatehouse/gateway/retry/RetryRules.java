package io.gatehouse.gateway.retry;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A compiled MeshRetry HTTP policy, as the retry engine runs it.
 *
 * @param numRetries               retries after the first attempt (0 disables retries)
 * @param perTryTimeout            time an attempt may wait for response headers; {@link Duration#ZERO} disables
 * @param baseInterval             exponential back-off base (at least 1 ms)
 * @param maxInterval              cap of the exponential back-off
 * @param resetHeaders             rate-limit reset headers, tried in order
 * @param rateLimitedMaxInterval   reset-header delays above this are discarded
 * @param retryOn                  retry conditions
 * @param retriableRequestHeaders  when not empty, a request must match one of these to be retried
 * @param retriableResponseHeaders a response matching any of these is retried
 * @param omitPreviousHosts        retries go to targets not tried before (when any is left)
 * @param maxBufferedBody          request bodies up to this size are buffered so they can be replayed
 */
public record RetryRules(
        int numRetries,
        Duration perTryTimeout,
        Duration baseInterval,
        Duration maxInterval,
        List<ResetHeader> resetHeaders,
        Duration rateLimitedMaxInterval,
        List<RetryCondition> retryOn,
        List<HeaderMatcher> retriableRequestHeaders,
        List<HeaderMatcher> retriableResponseHeaders,
        boolean omitPreviousHosts,
        long maxBufferedBody) {

    /** MeshRetry's default per-try timeout. */
    public static final Duration DEFAULT_PER_TRY_TIMEOUT = Duration.ofSeconds(15);
    /** MeshRetry's default back-off base. */
    public static final Duration DEFAULT_BASE_INTERVAL = Duration.ofMillis(25);
    /** MeshRetry's default cap for reset-header delays. */
    public static final Duration DEFAULT_RATE_LIMITED_MAX_INTERVAL = Duration.ofSeconds(300);
    /** Request bodies up to this size are replayable by default. */
    public static final long DEFAULT_MAX_BUFFERED_BODY = 64 * 1024;

    public RetryRules {
        baseInterval = baseInterval == null ? DEFAULT_BASE_INTERVAL
                : baseInterval.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : baseInterval;
        maxInterval = maxInterval == null ? baseInterval.multipliedBy(10) : maxInterval;
        perTryTimeout = perTryTimeout == null ? DEFAULT_PER_TRY_TIMEOUT : perTryTimeout;
        rateLimitedMaxInterval = rateLimitedMaxInterval == null ? DEFAULT_RATE_LIMITED_MAX_INTERVAL
                : rateLimitedMaxInterval;
        resetHeaders = List.copyOf(resetHeaders);
        retryOn = List.copyOf(retryOn);
        retriableRequestHeaders = List.copyOf(retriableRequestHeaders);
        retriableResponseHeaders = List.copyOf(retriableResponseHeaders);
    }

    /** No retries: one attempt with the default per-try timeout. */
    public static RetryRules none() {
        return new RetryRules(0, DEFAULT_PER_TRY_TIMEOUT, null, null, List.of(), null, List.of(), List.of(),
                List.of(), false, DEFAULT_MAX_BUFFERED_BODY);
    }

    /** {@code numRetries} retries on the given MeshRetry conditions, every other setting at its default. */
    public static RetryRules on(int numRetries, String... conditions) {
        return new RetryRules(numRetries, DEFAULT_PER_TRY_TIMEOUT, null, null, List.of(), null,
                java.util.Arrays.stream(conditions).map(RetryCondition::parse).toList(), List.of(), List.of(), false,
                DEFAULT_MAX_BUFFERED_BODY);
    }

    public RetryRules withBackOff(Duration base, Duration max) {
        return new RetryRules(numRetries, perTryTimeout, base, max, resetHeaders, rateLimitedMaxInterval, retryOn,
                retriableRequestHeaders, retriableResponseHeaders, omitPreviousHosts, maxBufferedBody);
    }

    public RetryRules withPerTryTimeout(Duration timeout) {
        return new RetryRules(numRetries, timeout, baseInterval, maxInterval, resetHeaders, rateLimitedMaxInterval,
                retryOn, retriableRequestHeaders, retriableResponseHeaders, omitPreviousHosts, maxBufferedBody);
    }

    public RetryRules withRateLimitedBackOff(List<ResetHeader> headers, Duration max) {
        return new RetryRules(numRetries, perTryTimeout, baseInterval, maxInterval, headers, max, retryOn,
                retriableRequestHeaders, retriableResponseHeaders, omitPreviousHosts, maxBufferedBody);
    }

    public RetryRules withRetriableHeaders(List<HeaderMatcher> request, List<HeaderMatcher> response) {
        return new RetryRules(numRetries, perTryTimeout, baseInterval, maxInterval, resetHeaders,
                rateLimitedMaxInterval, retryOn, request, response, omitPreviousHosts, maxBufferedBody);
    }

    public RetryRules withOmitPreviousHosts(boolean omit) {
        return new RetryRules(numRetries, perTryTimeout, baseInterval, maxInterval, resetHeaders,
                rateLimitedMaxInterval, retryOn, retriableRequestHeaders, retriableResponseHeaders, omit, maxBufferedBody);
    }

    public RetryRules withMaxBufferedBody(long bytes) {
        return new RetryRules(numRetries, perTryTimeout, baseInterval, maxInterval, resetHeaders,
                rateLimitedMaxInterval, retryOn, retriableRequestHeaders, retriableResponseHeaders, omitPreviousHosts,
                bytes);
    }

    /** The methods named by {@code HttpMethod*} conditions; empty when the policy names none. */
    public Set<String> retriedMethods() {
        return retryOn.stream().filter(c -> c.kind() == RetryCondition.Kind.HTTP_METHOD)
                .map(RetryCondition::method).collect(Collectors.toUnmodifiableSet());
    }
}
