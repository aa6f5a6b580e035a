package io.gatehouse.gateway.plugins.basicauth;

import io.gatehouse.gateway.config.secrets.SecretHashes;
import io.gatehouse.gateway.plugins.AnonymousFallback;
import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.ConsumerHeaders;
import io.gatehouse.gateway.plugins.Consumers;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.server.GatewayError;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * basic-auth: {@code Authorization: Basic base64(user:password)} checked against PBKDF2 password hashes.
 * Hashing is deliberately slow, so it runs off the event loop, and a verified (user, password digest)
 * pair is remembered so the next request with the same credentials costs one SHA-256.
 */
public final class BasicAuthPlugin implements Plugin {

    private static final int MAX_REMEMBERED = 10_000;

    private final BasicAuthConfig config;
    private final Consumers consumers;
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public BasicAuthPlugin(BasicAuthConfig config, Consumers consumers) {
        this.config = config;
        this.consumers = consumers;
    }

    @Override
    public String name() {
        return BasicAuthConfig.NAME;
    }

    @Override
    public int priority() {
        return BasicAuthConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        String header = exchange.requestHeaders().get("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return anonymousOr(exchange, challenge(GatewayError.UNAUTHORIZED_NO_CREDENTIALS));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return anonymousOr(exchange, challenge(GatewayError.UNAUTHORIZED_INVALID_KEY));
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return anonymousOr(exchange, challenge(GatewayError.UNAUTHORIZED_INVALID_KEY));
        }
        String username = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Optional<Consumers.BasicCredential> credential = consumers.basic(username);
        if (credential.isEmpty()) {
            return anonymousOr(exchange, challenge(GatewayError.UNAUTHORIZED_INVALID_KEY));
        }
        String memo = username + ":" + SecretHashes.keyHash(password);
        String stored = credential.get().passwordHash();
        Mono<Boolean> check = stored.equals(verified.get(memo)) ? Mono.just(true)
                : Mono.fromCallable(() -> SecretHashes.verifyPassword(password, stored))
                        .subscribeOn(Schedulers.boundedElastic())
                        .doOnNext(ok -> {
                            if (ok) {
                                if (verified.size() >= MAX_REMEMBERED) {
                                    verified.clear();
                                }
                                verified.put(memo, stored);
                            }
                        });
        return check.flatMap(ok -> {
            Optional<Consumer> consumer = ok ? consumers.consumer(credential.get().consumerId(),
                    credential.get().credentialId()) : Optional.empty();
            if (consumer.isEmpty()) {
                return anonymousOr(exchange, challenge(GatewayError.UNAUTHORIZED_INVALID_KEY));
            }
            exchange.authenticate(consumer.get());
            exchange.upstream(request -> request.withHeaders(h -> {
                ConsumerHeaders.apply(h, consumer.get(), false);
                if (config.hideCredentials()) {
                    h.remove("Authorization");
                }
            }));
            return Verdict.PROCEED;
        });
    }

    private Verdict.Reject challenge(GatewayError error) {
        String realm = config.realm() == null ? "service" : config.realm();
        return new Verdict.Reject(error, new DefaultHttpHeaders().set("WWW-Authenticate",
                "Basic realm=\"" + realm + "\""));
    }

    private Mono<Verdict> anonymousOr(Exchange exchange, Verdict.Reject rejection) {
        return AnonymousFallback.orReject(exchange, consumers, config.anonymous(), rejection);
    }
}
