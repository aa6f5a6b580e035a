package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Comparator;
import java.util.List;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/** The plugins that apply to one route, in priority order (highest first). */
public final class PluginChain {

    private static final PluginChain EMPTY = new PluginChain(List.of());

    private final Plugin[] plugins;

    public PluginChain(List<Plugin> plugins) {
        this.plugins = plugins.stream().sorted(Comparator.comparingInt(Plugin::priority).reversed())
                .toArray(Plugin[]::new);
    }

    public static PluginChain empty() {
        return EMPTY;
    }

    public List<Plugin> plugins() {
        return List.of(plugins);
    }

    /** Runs the access phases in order, stopping at the first plugin that answers. */
    public Mono<Verdict> access(Exchange exchange) {
        return access(exchange, 0);
    }

    private Mono<Verdict> access(Exchange exchange, int index) {
        for (int i = index; i < plugins.length; i++) {
            Mono<Verdict> step = plugins[i].access(exchange);
            // Most plugins decide synchronously (Mono.just): read those directly instead of subscribing.
            if (step instanceof Fuseable.ScalarCallable<?> scalar) {
                Verdict verdict = (Verdict) scalarValue(scalar);
                if (verdict instanceof Verdict.Proceed) {
                    continue;
                }
                return verdict == null ? Verdict.PROCEED : Mono.just(verdict);
            }
            int next = i + 1;
            return step.flatMap(verdict -> verdict instanceof Verdict.Proceed ? access(exchange, next) : Mono.just(verdict));
        }
        return Verdict.PROCEED;
    }

    private static Object scalarValue(Fuseable.ScalarCallable<?> scalar) {
        try {
            return scalar.call();
        } catch (Exception e) {
            throw reactor.core.Exceptions.propagate(e);
        }
    }

    public void onResponse(Exchange exchange, int status, HttpHeaders headers) {
        for (Plugin plugin : plugins) {
            plugin.onResponse(exchange, status, headers);
        }
    }

    public void log(Exchange exchange, int status, long latencyNanos) {
        for (Plugin plugin : plugins) {
            plugin.log(exchange, status, latencyNanos);
        }
    }
}
