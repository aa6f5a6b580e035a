package io.gatehouse.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPlannerTests {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_706_096_000L), ZoneOffset.UTC);

    private static RetryPlanner planner(RetryRules rules) {
        return new RetryPlanner(rules, new Random(7), CLOCK);
    }

    @Test
    void jitterStaysInTheExponentialRangeAndCoversIt() {
        RetryPlanner planner = planner(RetryRules.on(5, "5xx").withBackOff(Duration.ofMillis(25), Duration.ofSeconds(10)));
        for (int retry = 1; retry <= 4; retry++) {
            long range = ((1L << retry) - 1) * 25_000_000L;
            double sum = 0;
            long max = 0;
            int samples = 20_000;
            for (int i = 0; i < samples; i++) {
                long nanos = planner.exponential(retry).toNanos();
                assertThat(nanos).isBetween(0L, range - 1);
                sum += nanos;
                max = Math.max(max, nanos);
            }
            assertThat(sum / samples / range).as("mean of retry %d relative to its range", retry).isBetween(0.47, 0.53);
            assertThat((double) max / range).isGreaterThan(0.99);
        }
    }

    @Test
    void jitterRangeIsCappedAtTheMaxInterval() {
        RetryPlanner planner = planner(RetryRules.on(10, "5xx").withBackOff(Duration.ofMillis(25), Duration.ofMillis(100)));
        long max = 0;
        for (int i = 0; i < 5_000; i++) {
            max = Math.max(max, planner.exponential(8).toNanos());
        }
        assertThat(max).isLessThan(100_000_000L).isGreaterThan(95_000_000L);
    }

    @Test
    void defaultsFollowMeshRetry() {
        RetryRules rules = new RetryRules(1, null, Duration.ofNanos(300), null, List.of(), null, List.of(), List.of(),
                List.of(), false, 0);
        assertThat(rules.baseInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(rules.maxInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(rules.perTryTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(rules.rateLimitedMaxInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(RetryRules.on(1, "5xx").baseInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(RetryRules.on(1, "5xx").maxInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void resetHeadersAreTriedInOrderCaseInsensitivelyInBothFormats() {
        RetryPlanner planner = planner(RetryRules.on(3, "503").withRateLimitedBackOff(List.of(
                new ResetHeader("Retry-After", ResetHeader.Format.SECONDS),
                new ResetHeader("x-ratelimit-reset", ResetHeader.Format.UNIX_TIMESTAMP)), null));

        assertThat(planner.delayBefore(1, Map.of("retry-after", "15", "x-ratelimit-reset", "1706096119")::get))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(planner.delayBefore(1, Map.of("x-ratelimit-reset", "1706096119")::get))
                .isEqualTo(Duration.ofSeconds(119));
        assertThat(planner.delayBefore(1, Map.of("retry-after", "soon", "x-ratelimit-reset", "1706096010")::get))
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unparseablePastOrTooLongResetsFallBackToExponentialBackOff() {
        RetryPlanner planner = planner(RetryRules.on(3, "503")
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .withRateLimitedBackOff(List.of(
                        new ResetHeader("retry-after", ResetHeader.Format.SECONDS),
                        new ResetHeader("x-ratelimit-reset", ResetHeader.Format.UNIX_TIMESTAMP)), Duration.ofSeconds(60)));

        for (Map<String, String> headers : List.of(Map.of("retry-after", "abc"), Map.of("retry-after", "-3"),
                Map.of("retry-after", "61"), Map.of("x-ratelimit-reset", "1706095000"), Map.<String, String>of())) {
            assertThat(planner.delayBefore(1, headers::get)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(planner.delayBefore(1, Map.of("retry-after", "60")::get)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void conditionsMatchTheirStatusesAndFailures() {
        assertThat(planner(RetryRules.on(1, "5xx")).responseRetriable(500, h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "5xx")).responseRetriable(429, h -> null)).isFalse();
        assertThat(planner(RetryRules.on(1, "GatewayError")).responseRetriable(503, h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "GatewayError")).responseRetriable(500, h -> null)).isFalse();
        assertThat(planner(RetryRules.on(1, "Retriable4xx")).responseRetriable(409, h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "429")).responseRetriable(429, h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "429")).responseRetriable(503, h -> null)).isFalse();

        assertThat(planner(RetryRules.on(1, "ConnectFailure")).failureRetriable(FailureKind.CONNECT_FAILURE)).isTrue();
        assertThat(planner(RetryRules.on(1, "ConnectFailure")).failureRetriable(FailureKind.RESET)).isFalse();
        assertThat(planner(RetryRules.on(1, "Reset")).failureRetriable(FailureKind.RESET)).isTrue();
        assertThat(planner(RetryRules.on(1, "Reset")).failureRetriable(FailureKind.TIMEOUT)).isTrue();
        assertThat(planner(RetryRules.on(1, "RefusedStream")).failureRetriable(FailureKind.REFUSED_STREAM)).isTrue();
        assertThat(planner(RetryRules.on(1, "RefusedStream")).failureRetriable(FailureKind.RESET)).isFalse();
        assertThat(planner(RetryRules.on(1, "5xx")).failureRetriable(FailureKind.CONNECT_FAILURE)).isTrue();
        assertThat(planner(RetryRules.on(1, "503")).failureRetriable(FailureKind.CONNECT_FAILURE)).isFalse();
    }

    @Test
    void onlyIdempotentMethodsRetryUnlessThePolicyNamesMethods() {
        assertThat(planner(RetryRules.on(1, "5xx")).requestRetriable("GET", h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "5xx")).requestRetriable("POST", h -> null)).isFalse();
        assertThat(planner(RetryRules.on(1, "5xx", "HttpMethodPost")).requestRetriable("POST", h -> null)).isTrue();
        assertThat(planner(RetryRules.on(1, "5xx", "HttpMethodPost")).requestRetriable("GET", h -> null)).isFalse();
        assertThat(planner(RetryRules.on(0, "5xx")).requestRetriable("GET", h -> null)).isFalse();
    }

    @Test
    void headerMatchersCoverEveryType() {
        Map<String, String> headers = Map.of("x-env", "prod-eu", "x-flag", "");
        assertThat(new HeaderMatcher("X-Env", HeaderMatcher.Type.EXACT, "prod-eu").matches(headers::get)).isTrue();
        assertThat(new HeaderMatcher("x-env", HeaderMatcher.Type.EXACT, "prod").matches(headers::get)).isFalse();
        assertThat(new HeaderMatcher("x-env", HeaderMatcher.Type.PREFIX, "prod").matches(headers::get)).isTrue();
        assertThat(new HeaderMatcher("x-env", HeaderMatcher.Type.REGULAR_EXPRESSION, "prod-(eu|us)")
                .matches(headers::get)).isTrue();
        assertThat(new HeaderMatcher("x-env", HeaderMatcher.Type.REGULAR_EXPRESSION, "prod").matches(headers::get))
                .isFalse();
        assertThat(new HeaderMatcher("x-flag", HeaderMatcher.Type.PRESENT, null).matches(headers::get)).isTrue();
        assertThat(new HeaderMatcher("x-none", HeaderMatcher.Type.ABSENT, null).matches(headers::get)).isTrue();
        assertThat(new HeaderMatcher("x-env", HeaderMatcher.Type.ABSENT, null).matches(headers::get)).isFalse();
    }

    @Test
    void unknownConditionsAreRejected() {
        assertThatThrownBy(() -> RetryCondition.parse("Sometimes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryCondition.parse("HttpMethodFetch")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RetryCondition.parse("5XX").kind()).isEqualTo(RetryCondition.Kind.SERVER_ERROR);
        assertThat(RetryCondition.parse("HttpMethodPatch").method()).isEqualTo("PATCH");
    }
}
