package io.gatehouse.gateway.plugins;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * The plugins that apply to one route, in priority order (highest first).
 *
 * <p>Each position of the chain is one plugin name (a {@link Slot}). Usually one instance of it applies to
 * every request of the route. When instances are scoped to consumers or consumer groups, the slot holds
 * them by scope, most specific first (Kong's order, {@code PluginDefinition.specificity()}), and the
 * instance that runs is chosen when the chain reaches that position, with the consumer that the
 * authentication plugins (which run earlier, by priority) identified by then. The choice is remembered on
 * the exchange, so the response and log phases run the same instances.
 */
public final class PluginChain {

    private static final PluginChain EMPTY = new PluginChain(List.of());
    /** Marks a slot decided to run no instance for this request. */
    private static final Plugin NONE = new Plugin() {
        @Override
        public String name() {
            return "";
        }

        @Override
        public int priority() {
            return 0;
        }
    };

    /**
     * One scope level of a slot: an instance for every request ({@code always}), or instances by consumer key
     * or by consumer-group key.
     */
    public record Level(Plugin always, Map<String, Plugin> byConsumer, Map<String, Plugin> byConsumerGroup) {

        public Level {
            byConsumer = byConsumer == null ? Map.of() : Map.copyOf(byConsumer);
            byConsumerGroup = byConsumerGroup == null ? Map.of() : Map.copyOf(byConsumerGroup);
        }

        public static Level always(Plugin plugin) {
            return new Level(plugin, null, null);
        }

        public static Level consumers(Map<String, Plugin> byConsumer) {
            return new Level(null, byConsumer, null);
        }

        public static Level consumerGroups(Map<String, Plugin> byConsumerGroup) {
            return new Level(null, null, byConsumerGroup);
        }

        Plugin find(Consumer consumer) {
            if (always != null) {
                return always;
            }
            if (consumer == null) {
                return null;
            }
            if (!byConsumer.isEmpty()) {
                return byConsumer.get(consumer.id());
            }
            for (String group : consumer.consumerGroups()) {
                Plugin plugin = byConsumerGroup.get(group);
                if (plugin != null) {
                    return plugin;
                }
            }
            return null;
        }
    }

    /** The instances of one plugin for a route, most specific level first. */
    public record Slot(int priority, List<Level> levels) {

        public Slot {
            levels = List.copyOf(levels);
        }

        static Slot of(Plugin plugin) {
            return new Slot(plugin.priority(), List.of(Level.always(plugin)));
        }

        /** The one instance when it does not depend on the consumer, else null. */
        Plugin unconditional() {
            return levels.size() == 1 ? levels.get(0).always() : null;
        }

        Plugin resolve(Consumer consumer) {
            for (Level level : levels) {
                Plugin plugin = level.find(consumer);
                if (plugin != null) {
                    return plugin;
                }
            }
            return NONE;
        }
    }

    private final Slot[] slots;
    /** The instances when no slot depends on the consumer (the common case), else null. */
    private final Plugin[] plugins;

    /** A chain of plugins that apply to every request of the route. */
    public PluginChain(List<Plugin> plugins) {
        this(plugins.stream().map(Slot::of).toList(), true);
    }

    private PluginChain(List<Slot> slots, boolean ignored) {
        this.slots = slots.stream().sorted(Comparator.comparingInt(Slot::priority).reversed()).toArray(Slot[]::new);
        Plugin[] fixed = new Plugin[this.slots.length];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = this.slots[i].unconditional();
            if (fixed[i] == null) {
                fixed = null;
                break;
            }
        }
        this.plugins = fixed;
    }

    /** A chain whose slots may choose their instance by the authenticated consumer. */
    public static PluginChain of(List<Slot> slots) {
        return new PluginChain(slots, true);
    }

    public static PluginChain empty() {
        return EMPTY;
    }

    /** Every instance the chain may run (for diagnostics and background tasks). */
    public List<Plugin> plugins() {
        List<Plugin> all = new ArrayList<>();
        for (Slot slot : slots) {
            for (Level level : slot.levels()) {
                if (level.always() != null) {
                    all.add(level.always());
                }
                all.addAll(level.byConsumer().values());
                all.addAll(level.byConsumerGroup().values());
            }
        }
        return all;
    }

    /** The instance of slot {@code i} for this request: chosen once, with the consumer known at that time. */
    private Plugin at(Exchange exchange, int i) {
        if (plugins != null) {
            return plugins[i];
        }
        Plugin[] chosen = exchange.chosenPlugins(slots.length);
        if (chosen[i] == null) {
            chosen[i] = slots[i].resolve(exchange.consumer());
        }
        return chosen[i] == NONE ? null : chosen[i];
    }

    /** Runs the access phases in order, stopping at the first plugin that answers. */
    public Mono<Verdict> access(Exchange exchange) {
        return access(exchange, 0);
    }

    private Mono<Verdict> access(Exchange exchange, int index) {
        for (int i = index; i < slots.length; i++) {
            Plugin plugin = at(exchange, i);
            if (plugin == null) {
                continue;
            }
            Mono<Verdict> step = plugin.access(exchange);
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
        for (int i = 0; i < slots.length; i++) {
            Plugin plugin = at(exchange, i);
            if (plugin != null) {
                plugin.onResponse(exchange, status, headers);
            }
        }
    }

    /**
     * The rewrite of the response body that the plugins ask for (in chain order), or null to stream it
     * unchanged. Called after {@link #onResponse}, with the headers that will be sent.
     */
    public UnaryOperator<byte[]> responseBody(Exchange exchange, int status, HttpHeaders headers) {
        UnaryOperator<byte[]> combined = null;
        for (int i = 0; i < slots.length; i++) {
            Plugin plugin = at(exchange, i);
            UnaryOperator<byte[]> rewrite = plugin == null ? null : plugin.responseBody(exchange, status, headers);
            if (rewrite != null) {
                UnaryOperator<byte[]> before = combined;
                combined = before == null ? rewrite : body -> rewrite.apply(before.apply(body));
            }
        }
        return combined;
    }

    public void log(Exchange exchange, int status, long latencyNanos) {
        for (int i = 0; i < slots.length; i++) {
            Plugin plugin = at(exchange, i);
            if (plugin != null) {
                plugin.log(exchange, status, latencyNanos);
            }
        }
    }
}
