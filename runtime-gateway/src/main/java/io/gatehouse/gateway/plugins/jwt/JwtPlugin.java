package io.gatehouse.gateway.plugins.jwt;

import io.gatehouse.gateway.config.ConfigJson;
import io.gatehouse.gateway.plugins.AnonymousFallback;
import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.ConsumerHeaders;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.QueryStrings;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * jwt: reads a token from the configured query parameters, cookies or headers (Bearer), finds the
 * consumer's credential by the key claim ({@code iss} by default), verifies the signature (HS256,
 * RS256, ES256), the registered claims asked for ({@code exp}, {@code nbf}) against the injected clock,
 * and the maximum lifetime; then copies configured claims to upstream headers.
 */
public final class JwtPlugin implements Plugin {

    /** Claim errors reported to the client. */
    static final String EXPIRED = "token expired";
    static final String NOT_YET_VALID = "token not valid yet";
    static final String TOO_LONG = "exp exceeds the maximum allowed expiration";
    static final String NO_KEY_CLAIM = "No mandatory '%s' in claims";
    static final String NO_CREDENTIAL = "No credentials found for given '%s'";
    static final String BAD_SIGNATURE = "Invalid signature";
    static final String BAD_ALGORITHM = "Invalid algorithm";

    private final JwtConfig config;
    private final Consumers consumers;
    private final Clock clock;

    public JwtPlugin(JwtConfig config, Consumers consumers, Clock clock) {
        this.config = config;
        this.consumers = consumers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JwtConfig.NAME;
    }

    @Override
    public int priority() {
        return JwtConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        if (!config.runOnPreflight() && "OPTIONS".equals(exchange.method())) {
            return Verdict.PROCEED;
        }
        String token = token(exchange);
        if (token == null) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_NO_CREDENTIALS));
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_INVALID_TOKEN));
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            header = ConfigJson.json().readTree(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
            claims = ConfigJson.json().readTree(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
            signature = decoder.decode(parts[2]);
        } catch (RuntimeException e) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_INVALID_TOKEN));
        }
        if (!claims.isObject() || !header.isObject()) {
            return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_INVALID_TOKEN));
        }
        JsonNode keyClaim = claims.get(config.keyClaimName());
        if (keyClaim == null || !keyClaim.isString()) {
            return reject(exchange, String.format(NO_KEY_CLAIM, config.keyClaimName()));
        }
        Optional<Consumers.JwtKey> key = consumers.jwt(keyClaim.asString());
        if (key.isEmpty()) {
            return reject(exchange, String.format(NO_CREDENTIAL, config.keyClaimName()));
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !key.get().credential().algorithm().equals(alg.asString())) {
            return reject(exchange, BAD_ALGORITHM);
        }
        if (!JwtVerifier.verify(key.get().credential(), config.secretIsBase64(), parts[0] + "." + parts[1], signature)) {
            return reject(exchange, BAD_SIGNATURE);
        }
        long now = clock.instant().getEpochSecond();
        for (String claim : config.claimsToVerify()) {
            JsonNode value = claims.get(claim);
            if (value == null || !value.isNumber()) {
                return reject(exchange, claim + " must be a number");
            }
            if ("exp".equals(claim) && value.asLong() <= now) {
                return Mono.just(new Verdict.Reject(GatewayError.UNAUTHORIZED_TOKEN_EXPIRED.status(), EXPIRED, null));
            }
            if ("nbf".equals(claim) && value.asLong() > now) {
                return reject(exchange, NOT_YET_VALID);
            }
        }
        if (config.maximumExpiration() > 0) {
            JsonNode exp = claims.get("exp");
            if (exp == null || !exp.isNumber() || exp.asLong() - now > config.maximumExpiration()) {
                return reject(exchange, TOO_LONG);
            }
        }
        Optional<Consumer> consumer = consumers.consumer(key.get().consumerId(), key.get().credential().id());
        if (consumer.isEmpty()) {
            return reject(exchange, String.format(NO_CREDENTIAL, config.keyClaimName()));
        }
        exchange.authenticate(consumer.get());
        exchange.upstream(request -> request.withHeaders(h -> {
            ConsumerHeaders.apply(h, consumer.get(), false);
            for (String mapping : config.claimsToHeaders()) {
                int colon = mapping.indexOf(':');
                JsonNode value = claims.get(mapping.substring(0, colon));
                if (value != null && !value.isNull()) {
                    h.set(mapping.substring(colon + 1), value.isValueNode() ? value.asString() : value.toString());
                }
            }
        }));
        return Verdict.PROCEED;
    }

    private String token(Exchange exchange) {
        for (String name : config.uriParamNames()) {
            String value = QueryStrings.first(exchange.query(), name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        String cookieHeader = exchange.requestHeaders().get("Cookie");
        if (cookieHeader != null && !config.cookieNames().isEmpty()) {
            for (var cookie : ServerCookieDecoder.LAX.decode(cookieHeader)) {
                if (config.cookieNames().contains(cookie.name())) {
                    return cookie.value();
                }
            }
        }
        for (String name : config.headerNames()) {
            String value = exchange.requestHeaders().get(name);
            if (value != null) {
                return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
            }
        }
        return null;
    }

    private Mono<Verdict> reject(Exchange exchange, String message) {
        return anonymousOr(exchange, new Verdict.Reject(GatewayError.UNAUTHORIZED_INVALID_TOKEN.status(), message, null));
    }

    private Mono<Verdict> anonymousOr(Exchange exchange, Verdict.Reject rejection) {
        return AnonymousFallback.orReject(exchange, consumers, config.anonymous(), rejection);
    }
}
