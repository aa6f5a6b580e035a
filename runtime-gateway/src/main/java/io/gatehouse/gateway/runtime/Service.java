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
 * policy and its own connection pools.
 *
 * <p>Both pools are made on first use rather than at compile time: a config of 50,000 services would otherwise
 * build 50,000 of each (most never used, and a TLS context for every {@code https} one) on every full compile.
 */
public final class Service {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceSettings settings;
    private final Upstream upstream;
    private final RetryPlanner retries;
    /** The proxy's own HTTP/1.1 pool, for proxied requests. */
    private volatile ConnectionPool connections;
    /** Reactor Netty's pool and client, for WebSocket upgrades only. */
    private volatile WebSocketClient webSockets;

    private record WebSocketClient(ConnectionProvider pool, HttpClient client) {
    }

    public Service(ServiceSettings settings, Upstream upstream, RetryPlanner retries) {
        this.settings = settings;
        this.upstream = upstream;
        this.retries = retries;
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

    /** The pool proxied requests go through (HTTP/1.1 keep-alive connections per target and event loop). */
    public ConnectionPool connections() {
        ConnectionPool made = connections;
        if (made == null) {
            synchronized (this) {
                made = connections;
                if (made == null) {
                    made = new ConnectionPool(new ConnectionPool.Settings(settings.connectTimeout(),
                            settings.readTimeout(), settings.writeTimeout(), settings.maxConnections(),
                            settings.maxPendingAcquires(), settings.connectTimeout().plusSeconds(5), IDLE_TIMEOUT,
                            "https".equals(settings.protocol())));
                    connections = made;
                }
            }
        }
        return made;
    }

    /** Reactor Netty's client, for WebSocket upgrades (plain requests go through {@link #connections()}). */
    public HttpClient client() {
        WebSocketClient made = webSockets;
        if (made == null) {
            synchronized (this) {
                made = webSockets;
                if (made == null) {
                    made = webSocketClient(settings);
                    webSockets = made;
                }
            }
        }
        return made.client();
    }

    private static WebSocketClient webSocketClient(ServiceSettings settings) {
        ConnectionProvider pool = ConnectionProvider.builder("gatehouse-" + settings.id())
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
        return new WebSocketClient(pool, "https".equals(settings.protocol()) ? base.secure() : base);
    }

    /** Closes the pools' connections once in-flight requests had {@code grace} to finish. */
    public Mono<Void> close(Duration grace) {
        return Mono.defer(() -> {
            WebSocketClient webSocket = webSockets;
            ConnectionPool pool = connections;
            Mono<Void> closeWebSockets = webSocket == null ? Mono.empty() : webSocket.pool().disposeLater();
            return closeWebSockets.then(Mono.<Void>fromRunnable(() -> {
                if (pool != null) {
                    pool.close();
                }
            }));
        }).delaySubscription(grace);
    }
}
