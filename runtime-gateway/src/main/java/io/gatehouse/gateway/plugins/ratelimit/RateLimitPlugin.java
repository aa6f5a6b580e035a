package io.gatehouse.gateway.plugins.ratelimit;

import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * rate-limiting: fixed windows from a second to a year, counted per consumer, credential, client IP,
 * header value or path, in {@link Counters} (local memory or Redis). Every response says the limits
 * and what remains ({@code X-RateLimit-Limit-<Window>}, {@code X-RateLimit-Remaining-<Window>},
 * {@code RateLimit-Limit/Remaining/Reset}); a request over any limit gets the configured error (429)
 * with {@code Retry-After}.
 */
public final class RateLimitPlugin implements Plugin {

    private final RateLimitConfig config;
    private final String scope;
    private final Counters counters;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final List<Window> windows = new ArrayList<>();
    private final long[] limits;
    private final String keyPrefix;

    /**
     * @param scope    distinguishes this plugin instance's counters (e.g. its plugin id)
     * @param counters the counter store of the configured policy
     */
    public RateLimitPlugin(RateLimitConfig config, String scope, Counters counters, Clock clock,
            GatewayMetrics metrics) {
        this.config = config;
        this.scope = scope;
        this.counters = counters;
        this.clock = clock;
        this.metrics = metrics;
        List<Long> configured = new ArrayList<>();
        for (Window window : Window.values()) {
            Long limit = config.limit(window.key);
            if (limit != null) {
                windows.add(window);
                configured.add(limit);
            }
        }
        this.limits = configured.stream().mapToLong(Long::longValue).toArray();
        this.keyPrefix = "ratelimit:" + scope + ":";
    }

    @Override
    public String name() {
        return RateLimitConfig.NAME;
    }

    @Override
    public int priority() {
        return RateLimitConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        if (windows.isEmpty()) {
            return Verdict.PROCEED;
        }
        Instant now = clock.instant();
        String prefix = keyPrefix + identifier(exchange) + ":";
        List<String> keys = new ArrayList<>(windows.size());
        List<Duration> ttls = new ArrayList<>(windows.size());
        for (Window window : windows) {
            long start = window.start(now);
            keys.add(prefix + window.key + ":" + start);
            ttls.add(Duration.ofSeconds(window.end(now) - start + 1));
        }
        return counters.increment(keys, ttls).map(counts -> decide(exchange, now, counts));
    }

    private Verdict decide(Exchange exchange, Instant now, long[] counts) {
        HttpHeaders headers = new DefaultHttpHeaders();
        long retryAfter = 0;
        int tightest = 0;
        long tightestRemaining = Long.MAX_VALUE;
        boolean exceeded = false;
        for (int i = 0; i < windows.size(); i++) {
            Window window = windows.get(i);
            long remaining = Math.max(0, limits[i] - counts[i]);
            headers.set(window.limitHeader, limits[i]);
            headers.set(window.remainingHeader, remaining);
            long reset = Math.max(1, window.end(now) - now.getEpochSecond());
            if (counts[i] > limits[i]) {
                exceeded = true;
                retryAfter = Math.max(retryAfter, reset);
            }
            if (remaining < tightestRemaining) {
                tightestRemaining = remaining;
                tightest = i;
            }
        }
        Window tightestWindow = windows.get(tightest);
        headers.set("RateLimit-Limit", limits[tightest]);
        headers.set("RateLimit-Remaining", tightestRemaining);
        headers.set("RateLimit-Reset", Math.max(1, tightestWindow.end(now) - now.getEpochSecond()));
        if (exceeded) {
            metrics.rateLimitRejected(exchange.routeId());
            HttpHeaders rejection = config.hideClientHeaders() ? new DefaultHttpHeaders() : headers;
            rejection.set("Retry-After", retryAfter);
            return new Verdict.Reject(config.errorCode(), config.errorMessage(), rejection);
        }
        if (!config.hideClientHeaders()) {
            exchange.responseHeaders().add(headers);
        }
        return new Verdict.Proceed();
    }

    private String identifier(Exchange exchange) {
        Consumer consumer = exchange.consumer();
        String limitBy = config.limitBy() == null ? "consumer" : config.limitBy();
        String value = switch (limitBy) {
            case "consumer" -> consumer == null ? null : consumer.id();
            case "credential" -> consumer == null ? null : consumer.credentialId();
            case "header" -> config.headerName() == null ? null : exchange.requestHeaders().get(config.headerName());
            // as Kong: the path's own counter only for requests to that path, the others count by client IP
            case "path" -> config.path() != null && config.path().equals(exchange.path()) ? config.path() : null;
            default -> null;
        };
        return value != null ? limitBy + "=" + value : "ip=" + exchange.clientIp();
    }
}
