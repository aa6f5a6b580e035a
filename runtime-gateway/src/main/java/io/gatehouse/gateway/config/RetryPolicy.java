package io.gatehouse.gateway.config;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * MeshRetry's HTTP retry policy, with snake_case keys and durations spelled as in
 * {@link DurationText} ({@code "25ms"}, {@code "15s"}). Defaults follow MeshRetry: per_try_timeout
 * 15s (0 disables it), back_off.base_interval 25ms, back_off.max_interval 10 × base,
 * rate_limited_back_off.max_interval 300s; num_retries defaults to 5 like Kong's {@code retries}.
 *
 * @param numRetries how many retries after the first attempt
 * @param perTryTimeout timeout of each attempt; zero disables it
 * @param backOff exponential back-off between retries
 * @param rateLimitedBackOff back-off driven by reset headers of the upstream's response; absent if unused
 * @param retryOn conditions that cause a retry ({@link RetryCondition} spellings or status codes)
 * @param retriableRequestHeaders headers that must match the request for retries to be attempted
 * @param retriableResponseHeaders response headers that trigger a retry when any matches
 * @param hostSelection predicates for choosing hosts on retries
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(
        @JsonProperty("num_retries") Integer numRetries,
        @JsonProperty("per_try_timeout") @JsonDeserialize(using = DurationText.Reader.class)
        @JsonSerialize(using = DurationText.Writer.class) Duration perTryTimeout,
        @JsonProperty("back_off") BackOff backOff,
        @JsonProperty("rate_limited_back_off") RateLimitedBackOff rateLimitedBackOff,
        @JsonProperty("retry_on") List<String> retryOn,
        @JsonProperty("retriable_request_headers") List<HeaderMatcher> retriableRequestHeaders,
        @JsonProperty("retriable_response_headers") List<HeaderMatcher> retriableResponseHeaders,
        @JsonProperty("host_selection") List<HostPredicate> hostSelection) {

    public static final int DEFAULT_NUM_RETRIES = 5;
    public static final Duration DEFAULT_PER_TRY_TIMEOUT = Duration.ofSeconds(15);
    /** Retries on what an idempotent client would want retried: failures to get any answer and gateway errors. */
    public static final List<String> DEFAULT_RETRY_ON = List.of("5XX", "GatewayError", "Reset", "ConnectFailure",
            "RefusedStream");

    public RetryPolicy {
        numRetries = Values.or(numRetries, DEFAULT_NUM_RETRIES);
        perTryTimeout = Values.or(perTryTimeout, DEFAULT_PER_TRY_TIMEOUT);
        backOff = Values.or(backOff, new BackOff(null, null));
        retryOn = Values.list(retryOn, DEFAULT_RETRY_ON);
        retriableRequestHeaders = Values.list(retriableRequestHeaders);
        retriableResponseHeaders = Values.list(retriableResponseHeaders);
        hostSelection = Values.list(hostSelection);
    }

    /** A policy with every default. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(null, null, null, null, null, null, null, null);
    }

    /** True when a retry must avoid the hosts already tried. */
    public boolean omitPreviousHosts() {
        return hostSelection.stream().anyMatch(p -> p.predicate() == HostPredicate.Predicate.OmitPreviousHosts);
    }

    /**
     * Exponential back-off: retry N waits a random time in [0, (2^N − 1) × base), capped at max.
     * Base values under 1 ms are rounded up to 1 ms by the gateway.
     */
    public record BackOff(
            @JsonProperty("base_interval") @JsonDeserialize(using = DurationText.Reader.class)
            @JsonSerialize(using = DurationText.Writer.class) Duration baseInterval,
            @JsonProperty("max_interval") @JsonDeserialize(using = DurationText.Reader.class)
            @JsonSerialize(using = DurationText.Writer.class) Duration maxInterval) {

        public static final Duration DEFAULT_BASE_INTERVAL = Duration.ofMillis(25);

        public BackOff {
            baseInterval = Values.or(baseInterval, DEFAULT_BASE_INTERVAL);
            maxInterval = Values.or(maxInterval, baseInterval.multipliedBy(10));
        }

    }

    /** Back-off from the upstream's reset headers, tried in order, case-insensitively. */
    public record RateLimitedBackOff(
            @JsonProperty("reset_headers") List<ResetHeader> resetHeaders,
            @JsonProperty("max_interval") @JsonDeserialize(using = DurationText.Reader.class)
            @JsonSerialize(using = DurationText.Writer.class) Duration maxInterval) {

        public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(300);

        public RateLimitedBackOff {
            resetHeaders = Values.list(resetHeaders);
            maxInterval = Values.or(maxInterval, DEFAULT_MAX_INTERVAL);
        }

    }

    /** A reset header and how its value reads: seconds to wait, or the Unix time to retry at. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResetHeader(String name, Format format) {

        /** Spelled as in MeshRetry. */
        public enum Format {

            Seconds, UnixTimestamp

        }

    }

    /** A host selection predicate; only {@code OmitPreviousHosts} is supported. */
    public record HostPredicate(Predicate predicate) {

        /** Spelled as in MeshRetry. */
        public enum Predicate {

            OmitPreviousHosts

        }

    }

}
