package io.gatehouse.gateway.plugins.keyauth;

import io.gatehouse.gateway.plugins.AnonymousFallback;
import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.ConsumerHeaders;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.QueryStrings;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Clock;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * key-auth: the request must carry a known API key in one of the configured headers or query
 * parameters. Keys are compared by hash. With {@code hide_credentials} the key does not reach the
 * upstream; with {@code anonymous} a request without a key proceeds as that consumer.
 */
public final class KeyAuthPlugin implements Plugin {

    private final KeyAuthConfig config;
    private final Consumers consumers;
    private final Clock clock;

    public KeyAuthPlugin(KeyAuthConfig config, Consumers consumers) {
        this(config, consumers, Clock.systemUTC());
    }

    /** With the clock that decides whether a key with {@code expires_at} has expired. */
    public KeyAuthPlugin(KeyAuthConfig config, Consumers consumers, Clock clock) {
        this.config = config;
        this.consumers = consumers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return KeyAuthConfig.NAME;
    }

    @Override
    public int priority() {
        return KeyAuthConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        if (!config.runOnPreflight() && "OPTIONS".equals(exchange.method())) {
            return Verdict.PROCEED;
        }
        String key = null;
        String foundInHeader = null;
        String foundInQuery = null;
        for (String name : config.keyNames()) {
            if (config.keyInHeader() && exchange.requestHeaders().get(name) != null) {
                key = exchange.requestHeaders().get(name);
                foundInHeader = name;
                break;
            }
            if (config.keyInQuery()) {
                String value = QueryStrings.first(exchange.query(), name);
                if (value != null) {
                    key = value;
                    foundInQuery = name;
                    break;
                }
            }
        }
        if (key == null || key.isEmpty()) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_NO_KEY,
                    new DefaultHttpHeaders().set("WWW-Authenticate", "Key realm=\"gatehouse\"")));
        }
        Optional<Consumer> consumer = consumers.byApiKey(key, clock.instant().getEpochSecond());
        if (consumer.isEmpty()) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_INVALID_KEY));
        }
        String header = foundInHeader;
        String query = foundInQuery;
        exchange.authenticate(consumer.get());
        exchange.upstream(request -> {
            var changed = request.withHeaders(h -> {
                ConsumerHeaders.apply(h, consumer.get(), false);
                if (config.hideCredentials() && header != null) {
                    h.remove(header);
                }
            });
            return config.hideCredentials() && query != null
                    ? changed.withQuery(QueryStrings.without(changed.query(), query)) : changed;
        });
        return Verdict.PROCEED;
    }

    private Mono<Verdict> anonymousOr(Exchange exchange, Verdict.Reject rejection) {
        return AnonymousFallback.orReject(exchange, consumers, config.anonymous(), rejection);
    }
}
