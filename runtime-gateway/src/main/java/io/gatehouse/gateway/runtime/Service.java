package io.gatehouse.gateway.runtime;

import io.gatehouse.gateway.retry.RetryPlanner;
import io.gatehouse.gateway.upstream.ConnectionPool;
import io.gatehouse.gateway.upstream.Upstream;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A compiled service: where matching requests go (an upstream of targets), with its timeouts, retry
 * policy and its own connection pool.
 */
public final class Service {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceSettings settings;
    private final Upstream upstream;
    private final RetryPlanner retries;
    private final ConnectionProvider pool;
    private final HttpClient client;
    /** The proxy's own HTTP/1.1 pool; {@link #client} (Reactor Netty) serves WebSocket upgrades only. */
    private final ConnectionPool connections;

    public Service(ServiceSettings settings, Upstream upstream, RetryPlanner retries) {
        this.settings = settings;
        this.upstream = upstream;
        this.retries = retries;
        this.pool = ConnectionProvider.builder("gatehouse-" + settings.id())
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(settings.maxPendingAcquires())
                .pendingAcquireTimeout(settings.connectTimeout().plusSeconds(5))
                .maxIdleTime(IDLE_TIMEOUT)
                .build();
        long writeMillis = settings.writeTimeout().toMillis();
        HttpClient base = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, settings.connectTimeout().toMillis()))
                .responseTimeout(settings.readTimeout())
                .disableRetry(true)
                .followRedirect(false)
                .doOnConnected(connection -> connection.addHandlerLast(
                        new WriteTimeoutHandler(Math.max(1, writeMillis), TimeUnit.MILLISECONDS)));
        this.client = "https".equals(settings.protocol()) ? base.secure() : base;
        this.connections = new ConnectionPool(new ConnectionPool.Settings(settings.connectTimeout(),
                settings.readTimeout(), settings.writeTimeout(), settings.maxConnections(),
                settings.maxPendingAcquires(), settings.connectTimeout().plusSeconds(5), IDLE_TIMEOUT,
                "https".equals(settings.protocol())));
    }

    public String id() {
        return settings.id();
    }

    public ServiceSettings settings() {
        return settings;
    }

    public Upstream upstream() {
        return upstream;
    }

    public RetryPlanner retries() {
        return retries;
    }

    /** Reactor Netty's client, for WebSocket upgrades (plain requests go through {@link #connections()}). */
    public HttpClient client() {
        return client;
    }

    /** The pool proxied requests go through (HTTP/1.1 keep-alive connections per target and event loop). */
    public ConnectionPool connections() {
        return connections;
    }

    /** Closes the pool's connections once in-flight requests had {@code grace} to finish. */
    public Mono<Void> close(Duration grace) {
        return pool.disposeLater().then(Mono.<Void>fromRunnable(connections::close)).delaySubscription(grace);
    }
}
