package io.gatehouse.gateway.plugins.correlationid;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.gatehouse.gateway.plugins.Verdict;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * correlation-id: makes sure the upstream request carries an id in the configured header (keeping the
 * client's when it sent one) and, with {@code echo_downstream}, returns it to the client.
 */
public final class CorrelationIdPlugin implements Plugin {

    private final CorrelationIdConfig config;
    private final String workerUuid = new UUID(ThreadLocalRandom.current().nextLong(),
            ThreadLocalRandom.current().nextLong()).toString();
    private final AtomicLong counter = new AtomicLong();
    private final String host;
    private final java.time.Clock clock;

    public CorrelationIdPlugin(CorrelationIdConfig config, String host, java.time.Clock clock) {
        this.config = config;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public String name() {
        return CorrelationIdConfig.NAME;
    }

    @Override
    public int priority() {
        return CorrelationIdConfig.PRIORITY;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        String existing = exchange.requestHeaders().get(config.headerName());
        String id = existing != null && !existing.isBlank() ? existing : generate();
        exchange.upstream(request -> request.withHeaders(h -> h.set(config.headerName(), id)));
        if (config.echoDownstream()) {
            exchange.responseHeaders().set(config.headerName(), id);
        }
        return Verdict.PROCEED;
    }

    @Override
    public void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
        String id = exchange.upstream().headers().get(config.headerName());
        if (config.echoDownstream() && id != null) {
            responseHeaders.set(config.headerName(), id);
        }
    }

    String generate() {
        String generator = config.generator() == null ? "uuid#counter" : config.generator();
        return switch (generator) {
            case "uuid" -> UUID.randomUUID().toString();
            case "tracker" -> host + "-" + clock.millis() + "-" + counter.incrementAndGet();
            default -> workerUuid + "#" + counter.incrementAndGet();
        };
    }
}
