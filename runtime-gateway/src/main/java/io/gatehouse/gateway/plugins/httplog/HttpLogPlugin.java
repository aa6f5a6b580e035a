package io.gatehouse.gateway.plugins.httplog;

import io.gatehouse.gateway.plugins.Consumer;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.Plugin;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * http-log: each finished request becomes a JSON entry in a bounded queue; a flusher sends the queue to
 * the endpoint in batches (up to {@code max_batch_size}, every {@code max_coalescing_delay}) and retries
 * a failed batch with exponential back-off for up to {@code max_retry_time}. Logging never blocks a
 * request: when the queue is full the entry is dropped and counted.
 */
public final class HttpLogPlugin implements Plugin, Disposable {

    private static final Logger log = LoggerFactory.getLogger(HttpLogPlugin.class);

    private final HttpLogConfig config;
    private final Clock clock;
    private final HttpClient client;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Disposable flusher;

    public HttpLogPlugin(HttpLogConfig config, Clock clock, Scheduler scheduler) {
        this.config = config;
        this.clock = clock;
        this.client = HttpClient.create().responseTimeout(Duration.ofMillis(config.timeout())).disableRetry(true);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queue().maxEntries()));
        Duration every = Duration.ofMillis(Math.max(10, (long) (config.queue().maxCoalescingDelay() * 1000)));
        this.flusher = Flux.interval(every, every, scheduler).onBackpressureDrop()
                .subscribe(tick -> flush());
    }

    @Override
    public String name() {
        return HttpLogConfig.NAME;
    }

    @Override
    public int priority() {
        return HttpLogConfig.PRIORITY;
    }

    @Override
    public void log(Exchange exchange, int status, long latencyNanos) {
        if (!queue.offer(entry(exchange, status, latencyNanos))) {
            dropped.incrementAndGet();
        }
        if (queue.size() >= config.queue().maxBatchSize()) {
            flush();
        }
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Sends queued entries, one batch at a time; only one flush runs at once. */
    void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        List<String> batch = new ArrayList<>();
        queue.drainTo(batch, config.queue().maxBatchSize());
        if (batch.isEmpty()) {
            flushing.set(false);
            return;
        }
        String body = "[" + String.join(",", batch) + "]";
        Duration first = Duration.ofMillis(Math.max(1, (long) (config.queue().initialRetryDelay() * 1000)));
        Duration maxDelay = Duration.ofMillis(Math.max(1, (long) (config.queue().maxRetryDelay() * 1000)));
        Duration giveUp = Duration.ofMillis((long) (config.queue().maxRetryTime() * 1000));
        client.headers(h -> {
            h.set("Content-Type", config.contentType());
            config.headers().forEach(h::set);
        })
                .request(HttpMethod.valueOf(config.method()))
                .uri(config.httpEndpoint())
                .send(reactor.netty.ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT))
                .responseSingle((response, content) -> content.then(response.status().code() < 300 ? Mono.just(true)
                        : Mono.error(new IllegalStateException("log endpoint answered " + response.status().code()))))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, first).maxBackoff(maxDelay))
                .timeout(giveUp.isZero() ? Duration.ofMillis(config.timeout()) : giveUp)
                .doFinally(signal -> {
                    flushing.set(false);
                    if (queue.size() >= config.queue().maxBatchSize()) {
                        flush();
                    }
                })
                .subscribe(ok -> { }, error -> log.warn("http-log dropped a batch of {} entries: {}", batch.size(),
                        error.toString()));
    }

    private String entry(Exchange exchange, int status, long latencyNanos) {
        Consumer consumer = exchange.consumer();
        long startedMillis = clock.millis() - latencyNanos / 1_000_000;
        return "{\"request\":{\"method\":" + quote(exchange.method()) + ",\"uri\":" + quote(exchange.path()
                + (exchange.query().isEmpty() ? "" : "?" + exchange.query())) + ",\"host\":" + quote(exchange.host())
                + ",\"size\":" + Math.max(0, exchange.contentLength()) + "},\"response\":{\"status\":" + status
                + "},\"latencies\":{\"request\":" + latencyNanos / 1_000_000 + "},\"route\":{\"id\":"
                + quote(exchange.routeId()) + "},\"service\":{\"id\":" + quote(exchange.serviceId()) + "},\"consumer\":"
                + (consumer == null ? "null" : "{\"id\":" + quote(consumer.id()) + ",\"username\":" + quote(consumer.username())
                        + "}")
                + ",\"upstream\":" + quote(exchange.upstreamTarget()) + ",\"client_ip\":" + quote(exchange.clientIp())
                + ",\"request_id\":" + quote(exchange.requestId()) + ",\"started_at\":" + startedMillis + "}";
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Stops the periodic flusher after sending what is queued. */
    @Override
    public void dispose() {
        flusher.dispose();
        flush();
    }

    @Override
    public boolean isDisposed() {
        return flusher.isDisposed();
    }
}
