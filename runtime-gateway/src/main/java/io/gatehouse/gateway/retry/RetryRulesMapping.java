package io.gatehouse.gateway.retry;

import io.gatehouse.gateway.config.RetryPolicy;

/** Compiles a config-language {@link RetryPolicy} into the {@link RetryRules} the engine runs. */
public final class RetryRulesMapping {

    private RetryRulesMapping() {
    }

    public static RetryRules from(RetryPolicy policy) {
        RetryPolicy.RateLimitedBackOff rateLimited = policy.rateLimitedBackOff();
        return new RetryRules(
                policy.numRetries(),
                policy.perTryTimeout(),
                policy.backOff().baseInterval(),
                policy.backOff().maxInterval(),
                rateLimited == null ? java.util.List.of() : rateLimited.resetHeaders().stream()
                        .map(h -> new ResetHeader(h.name(), h.format() == RetryPolicy.ResetHeader.Format.UnixTimestamp
                                ? ResetHeader.Format.UNIX_TIMESTAMP : ResetHeader.Format.SECONDS))
                        .toList(),
                rateLimited == null ? null : rateLimited.maxInterval(),
                policy.retryOn().stream().map(RetryCondition::parse).toList(),
                policy.retriableRequestHeaders().stream().map(RetryRulesMapping::matcher).toList(),
                policy.retriableResponseHeaders().stream().map(RetryRulesMapping::matcher).toList(),
                policy.omitPreviousHosts(),
                RetryRules.DEFAULT_MAX_BUFFERED_BODY);
    }

    private static HeaderMatcher matcher(io.gatehouse.gateway.config.HeaderMatcher m) {
        HeaderMatcher.Type type = switch (m.type()) {
            case Exact -> HeaderMatcher.Type.EXACT;
            case Present -> HeaderMatcher.Type.PRESENT;
            case RegularExpression -> HeaderMatcher.Type.REGULAR_EXPRESSION;
            case Absent -> HeaderMatcher.Type.ABSENT;
            case Prefix -> HeaderMatcher.Type.PREFIX;
        };
        return new HeaderMatcher(m.name(), type, m.value());
    }
}
