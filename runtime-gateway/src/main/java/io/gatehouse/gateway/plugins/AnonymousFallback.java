package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.server.GatewayError;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code anonymous} setting of the authentication plugins, as Kong has it: a request without valid
 * credentials proceeds as the named consumer (marked {@code X-Anonymous-Consumer: true}) instead of being
 * rejected.
 */
public final class AnonymousFallback {

    private AnonymousFallback() {
    }

    /**
     * Proceeds as the anonymous consumer when one is configured, otherwise rejects. A configured consumer
     * that does not exist is a configuration fault of the gateway, not the caller's: a 500.
     */
    public static Mono<Verdict> orReject(Exchange exchange, Consumers consumers, String anonymousConsumer,
            Verdict.Reject rejection) {
        if (anonymousConsumer == null || anonymousConsumer.isBlank()) {
            return Mono.just(rejection);
        }
        Optional<Consumer> anonymous = consumers.consumer(anonymousConsumer, null);
        if (anonymous.isEmpty()) {
            return Mono.just(new Verdict.Reject(GatewayError.INTERNAL));
        }
        exchange.authenticate(anonymous.get());
        exchange.upstream(request -> request.withHeaders(h -> ConsumerHeaders.apply(h, anonymous.get(), true)));
        return Verdict.PROCEED;
    }
}
