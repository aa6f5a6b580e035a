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
import io.gatehouse.gateway.plugins.BodyFormats;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Mono;

/**
 * key-auth: the request must carry a known API key in one of the configured headers, query parameters or
 * (with {@code key_in_body}) fields of a form, JSON or multipart body, which is then buffered within the
 * gateway's limit (413 past it). Keys are compared by hash. With {@code hide_credentials} the key does not reach the
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
        if (!config.keyInBody()) {
            return authenticate(exchange, null);
        }
        return exchange.body().map(body -> Optional.ofNullable(bodyKeys(exchange, body)))
                .flatMap(keys -> authenticate(exchange, keys.orElse(null)));
    }

    /** Where a key was found, to hide it with {@code hide_credentials}. */
    private enum Place { HEADER, QUERY, BODY }

    /**
     * Looks for the key under each name in turn — header, query parameter, then body field, as Kong does —
     * and authenticates its owner.
     */
    private Mono<Verdict> authenticate(Exchange exchange, BodyKeys body) {
        String key = null;
        String foundName = null;
        Place place = null;
        for (String name : config.keyNames()) {
            if (config.keyInHeader() && exchange.requestHeaders().get(name) != null) {
                key = exchange.requestHeaders().get(name);
                place = Place.HEADER;
            } else if (config.keyInQuery() && QueryStrings.first(exchange.query(), name) != null) {
                key = QueryStrings.first(exchange.query(), name);
                place = Place.QUERY;
            } else if (body != null && body.value(name) != null) {
                key = body.value(name);
                place = Place.BODY;
            }
            if (place != null) {
                foundName = name;
                break;
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
        String name = foundName;
        Place found = place;
        exchange.authenticate(consumer.get());
        exchange.upstream(request -> {
            var changed = request.withHeaders(h -> {
                ConsumerHeaders.apply(h, consumer.get(), false);
                if (config.hideCredentials() && found == Place.HEADER) {
                    h.remove(name);
                }
            });
            if (config.hideCredentials() && found == Place.QUERY) {
                changed = changed.withQuery(QueryStrings.without(changed.query(), name));
            }
            if (config.hideCredentials() && found == Place.BODY) {
                changed = changed.withBody(body.without(name));
            }
            return changed;
        });
        return Verdict.PROCEED;
    }

    /** The key fields of a form, JSON or multipart body; a body of another type or malformed has none. */
    private static BodyKeys bodyKeys(Exchange exchange, byte[] body) {
        String contentType = exchange.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (body.length == 0) {
            return null;
        }
        return switch (BodyFormats.Kind.of(contentType)) {
            case JSON -> {
                ObjectNode json = BodyFormats.jsonObject(body);
                yield json == null ? null : new BodyKeys(name -> json.get(name) != null && json.get(name).isString()
                        ? json.get(name).asString() : null, name -> {
                            ObjectNode copy = json.deepCopy();
                            copy.remove(name);
                            return BodyFormats.json(copy);
                        });
            }
            case FORM -> {
                List<Map.Entry<String, String>> pairs = BodyFormats.form(body);
                yield new BodyKeys(name -> pairs.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue)
                        .findFirst().orElse(null), name -> BodyFormats.form(pairs.stream()
                                .filter(e -> !e.getKey().equals(name)).toList()));
            }
            case MULTIPART -> {
                String boundary = BodyFormats.boundary(contentType);
                List<BodyFormats.Part> parts = BodyFormats.multipart(body, boundary);
                yield parts == null ? null : new BodyKeys(name -> parts.stream().filter(p -> name.equals(p.name()))
                        .map(BodyFormats.Part::text).findFirst().orElse(null),
                        name -> BodyFormats.multipart(parts.stream().filter(p -> !name.equals(p.name())).toList(), boundary));
            }
            case OTHER -> null;
        };
    }

    /** Key lookup in a parsed body, and the body without a field. */
    private record BodyKeys(Function<String, String> lookup, Function<String, byte[]> remover) {
        String value(String name) {
            return lookup.apply(name);
        }

        byte[] without(String name) {
            return remover.apply(name);
        }
    }

    private Mono<Verdict> anonymousOr(Exchange exchange, Verdict.Reject rejection) {
        return AnonymousFallback.orReject(exchange, consumers, config.anonymous(), rejection);
    }
}
