package io.gatehouse.gateway.config.validation;

import static io.gatehouse.gateway.config.validation.Violations.at;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.gatehouse.gateway.config.ConfigMessages;
import io.gatehouse.gateway.config.HeaderMatcher;
import io.gatehouse.gateway.config.RetryCondition;
import io.gatehouse.gateway.config.RetryPolicy;
import io.gatehouse.gateway.config.schema.Checks;

/** Ranges and shapes of a MeshRetry policy. */
final class RetryRules {

    static final int MAX_RETRIES = 32_767;

    private RetryRules() {
    }

    static void check(RetryPolicy retry, String path, Violations violations) {
        Syntax.range(retry.numRetries(), 0, MAX_RETRIES, at(path, "num_retries"), violations);
        if (retry.perTryTimeout().isNegative()) {
            violations.add(at(path, "per_try_timeout"), ConfigMessages.NEGATIVE_DURATION);
        }
        RetryPolicy.BackOff backOff = retry.backOff();
        if (!backOff.baseInterval().isNegative() && !backOff.baseInterval().isZero()) {
            if (backOff.maxInterval().compareTo(backOff.baseInterval()) < 0) {
                violations.add(at(path, "back_off.max_interval"), ConfigMessages.MAX_BELOW_BASE);
            }
        }
        else {
            violations.add(at(path, "back_off.base_interval"), ConfigMessages.POSITIVE_DURATION);
        }
        if (retry.rateLimitedBackOff() != null) {
            rateLimited(retry.rateLimitedBackOff(), at(path, "rate_limited_back_off"), violations);
        }
        List<String> retryOn = retry.retryOn();
        for (int i = 0; i < retryOn.size(); i++) {
            String condition = retryOn.get(i);
            if (RetryCondition.fromSpelling(condition).isEmpty() && RetryCondition.statusCode(condition).isEmpty()) {
                violations.add(at(at(path, "retry_on"), i), ConfigMessages.INVALID_RETRY_ON);
            }
        }
        matchers(retry.retriableRequestHeaders(), at(path, "retriable_request_headers"), violations);
        matchers(retry.retriableResponseHeaders(), at(path, "retriable_response_headers"), violations);
        for (int i = 0; i < retry.hostSelection().size(); i++) {
            RetryPolicy.HostPredicate predicate = retry.hostSelection().get(i);
            if (predicate == null || predicate.predicate() == null) {
                violations.add(at(at(path, "host_selection"), i) + ".predicate", ConfigMessages.REQUIRED);
            }
        }
    }

    private static void rateLimited(RetryPolicy.RateLimitedBackOff backOff, String path, Violations violations) {
        Duration max = backOff.maxInterval();
        if (max.isNegative() || max.isZero()) {
            violations.add(at(path, "max_interval"), ConfigMessages.POSITIVE_DURATION);
        }
        for (int i = 0; i < backOff.resetHeaders().size(); i++) {
            RetryPolicy.ResetHeader header = backOff.resetHeaders().get(i);
            String headerPath = at(at(path, "reset_headers"), i);
            if (header == null) {
                violations.add(headerPath, ConfigMessages.NULL_ELEMENT);
                continue;
            }
            if (header.name() == null) {
                violations.add(at(headerPath, "name"), ConfigMessages.REQUIRED);
            }
            else if (!Checks.isToken(header.name())) {
                violations.add(at(headerPath, "name"), ConfigMessages.INVALID_HEADER_NAME);
            }
            if (header.format() == null) {
                violations.add(at(headerPath, "format"), ConfigMessages.REQUIRED);
            }
        }
    }

    private static void matchers(List<HeaderMatcher> matchers, String path, Violations violations) {
        for (int i = 0; i < matchers.size(); i++) {
            HeaderMatcher matcher = matchers.get(i);
            String matcherPath = at(path, i);
            if (matcher == null) {
                violations.add(matcherPath, ConfigMessages.NULL_ELEMENT);
                continue;
            }
            if (matcher.name() == null) {
                violations.add(at(matcherPath, "name"), ConfigMessages.REQUIRED);
            }
            else if (!Checks.isToken(matcher.name())) {
                violations.add(at(matcherPath, "name"), ConfigMessages.INVALID_HEADER_NAME);
            }
            HeaderMatcher.Type type = matcher.type();
            if (type.needsValue() && matcher.value() == null) {
                violations.add(at(matcherPath, "value"), ConfigMessages.MATCHER_VALUE_REQUIRED, type);
            }
            else if (!type.needsValue() && matcher.value() != null) {
                violations.add(at(matcherPath, "value"), ConfigMessages.MATCHER_VALUE_NOT_ALLOWED, type);
            }
            else if (type == HeaderMatcher.Type.RegularExpression) {
                try {
                    Pattern.compile(matcher.value());
                }
                catch (PatternSyntaxException ex) {
                    violations.add(at(matcherPath, "value"), ConfigMessages.INVALID_REGEX, ex.getDescription());
                }
            }
        }
    }

}
