package io.gatehouse.gateway.plugins.ratelimit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * Counters in Redis (the {@code redis} policy): cluster-wide limits shared by every gateway. Each
 * counter is {@code SET key 0 PX ttl NX} then {@code INCR key}, pipelined over one connection, so a
 * window's counter expires by itself. When Redis fails and the config is fault tolerant, counting falls
 * back to this gateway's memory; otherwise the failure reaches the request (a 500).
 */
public final class RedisCounters implements Counters {

    private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);

    private final RateLimitConfig.Redis redis;
    private final boolean faultTolerant;
    private final Counters fallback;
    private final Duration timeout;
    private final AtomicReference<Mono<Link>> link = new AtomicReference<>();

    public RedisCounters(RateLimitConfig config, Counters fallback) {
        this.redis = config.redis();
        this.faultTolerant = config.faultTolerant();
        this.fallback = fallback;
        this.timeout = Duration.ofMillis(Math.max(1, redis.timeout()));
    }

    @Override
    public Mono<long[]> increment(List<String> keys, List<Duration> ttls) {
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            commands.add(List.of("SET", keys.get(i), "0", "PX", String.valueOf(ttls.get(i).toMillis()), "NX"));
            commands.add(List.of("INCR", keys.get(i)));
        }
        Mono<long[]> remote = link().flatMap(l -> l.execute(commands)).timeout(timeout).map(replies -> {
            long[] values = new long[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                Object reply = replies.get(2 * i + 1);
                if (!(reply instanceof Long value)) {
                    throw new IllegalStateException("redis answered INCR with " + reply);
                }
                values[i] = value;
            }
            return values;
        });
        if (!faultTolerant) {
            return remote;
        }
        return remote.onErrorResume(error -> {
            log.warn("redis rate-limit counters unavailable ({}); counting locally", error.toString());
            return fallback.increment(keys, ttls);
        });
    }

    private Mono<Link> link() {
        Mono<Link> current = link.get();
        if (current != null) {
            return current;
        }
        Mono<Link> created = TcpClient.create()
                .host(redis.host())
                .port(redis.port())
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .doOnConnected(connection -> connection.addHandlerLast("resp", new RespDecoder()))
                .connect()
                .map(Link::new)
                .flatMap(this::prepare)
                .doOnError(error -> link.set(null))
                .cache(l -> Duration.ofDays(365), error -> Duration.ZERO, () -> Duration.ZERO);
        return link.compareAndSet(null, created) ? created : link.get();
    }

    private Mono<Link> prepare(Link l) {
        l.connection.onDispose(() -> link.set(null));
        List<List<String>> setup = new ArrayList<>();
        if (redis.password() != null && !redis.password().isEmpty()) {
            setup.add(redis.username() == null || redis.username().isEmpty()
                    ? List.of("AUTH", redis.password()) : List.of("AUTH", redis.username(), redis.password()));
        }
        if (redis.database() != 0) {
            setup.add(List.of("SELECT", String.valueOf(redis.database())));
        }
        if (setup.isEmpty()) {
            return Mono.just(l);
        }
        return l.execute(setup).flatMap(replies -> {
            for (Object reply : replies) {
                if (reply instanceof RespDecoder.RedisError error) {
                    return Mono.error(new IllegalStateException("redis: " + error.message()));
                }
            }
            return Mono.just(l);
        });
    }

    /** One connection; replies arrive in command order, so a FIFO of waiting slots pairs them. */
    private static final class Link {

        /** Where one reply goes: a slot of a pipelined batch. */
        private record Slot(Object[] replies, int index, AtomicInteger remaining, MonoSink<List<Object>> sink) {
            void fill(Object reply) {
                replies[index] = reply;
                if (remaining.decrementAndGet() == 0) {
                    sink.success(List.of(replies));
                }
            }
        }

        private final Connection connection;
        private final Queue<Slot> waiting = new ConcurrentLinkedQueue<>();

        Link(Connection connection) {
            this.connection = connection;
            connection.inbound().receiveObject().subscribe(reply -> {
                Slot slot = waiting.poll();
                if (slot != null) {
                    slot.fill(reply);
                }
            }, this::failAll, () -> failAll(new IllegalStateException("redis connection closed")));
        }

        private void failAll(Throwable error) {
            Slot slot;
            while ((slot = waiting.poll()) != null) {
                slot.sink().error(error);
            }
        }

        Mono<List<Object>> execute(List<List<String>> commands) {
            return Mono.create(sink -> {
                Object[] replies = new Object[commands.size()];
                AtomicInteger remaining = new AtomicInteger(commands.size());
                Channel channel = connection.channel();
                ByteBuf buffer = channel.alloc().buffer();
                for (List<String> command : commands) {
                    ByteBufUtil.writeAscii(buffer, "*" + command.size() + "\r\n");
                    for (String part : command) {
                        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                        ByteBufUtil.writeAscii(buffer, "$" + bytes.length + "\r\n");
                        buffer.writeBytes(bytes);
                        ByteBufUtil.writeAscii(buffer, "\r\n");
                    }
                }
                // Queue order must equal write order: both happen under one lock.
                synchronized (this) {
                    for (int i = 0; i < commands.size(); i++) {
                        waiting.add(new Slot(replies, i, remaining, sink));
                    }
                    channel.writeAndFlush(buffer).addListener(future -> {
                        if (!future.isSuccess()) {
                            failAll(future.cause());
                        }
                    });
                }
            });
        }
    }
}
