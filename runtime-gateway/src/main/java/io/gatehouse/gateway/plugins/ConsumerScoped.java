package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.config.EntityRef;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Instances of one plugin scoped to consumers, resolved per request: once the authentication plugins (which
 * run earlier, by priority) have identified the consumer, the instance scoped to that consumer runs; a request
 * from any other consumer, or from nobody, runs the route's or service's own instance ({@code fallback}), if
 * any. Kong's "most specific wins" between a consumer-scoped and a broader instance, decided at request time
 * because only then is the consumer known. Used for rate-limiting, the one plugin the compiler allows to be
 * scoped to consumers (per-application limits of the developer portal).
 */
public final class ConsumerScoped implements Plugin {

    /** One consumer's instance. */
    public record Instance(EntityRef consumer, Plugin plugin) {
    }

    private final String name;
    private final int priority;
    private final List<Instance> instances;
    private final Plugin fallback;

    public ConsumerScoped(String name, int priority, List<Instance> instances, Plugin fallback) {
        this.name = name;
        this.priority = priority;
        this.instances = List.copyOf(instances);
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Mono<Verdict> access(Exchange exchange) {
        Plugin chosen = choose(exchange);
        return chosen == null ? Verdict.PROCEED : chosen.access(exchange);
    }

    @Override
    public void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
        Plugin chosen = choose(exchange);
        if (chosen != null) {
            chosen.onResponse(exchange, status, responseHeaders);
        }
    }

    @Override
    public void log(Exchange exchange, int status, long latencyNanos) {
        Plugin chosen = choose(exchange);
        if (chosen != null) {
            chosen.log(exchange, status, latencyNanos);
        }
    }

    private Plugin choose(Exchange exchange) {
        Consumer consumer = exchange.consumer();
        if (consumer != null) {
            for (Instance instance : instances) {
                if (instance.consumer().matches(consumer.id(), consumer.username())) {
                    return instance.plugin();
                }
            }
        }
        return fallback;
    }
}
