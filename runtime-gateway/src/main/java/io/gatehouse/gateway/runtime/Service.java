package io.gatehouse.gateway.runtime;

import io.gatehouse.gateway.retry.RetryPlanner;
import io.gatehouse.gateway.upstream.Target;
import io.gatehouse.gateway.upstream.Upstream;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A compiled service: where matching requests go (an upstream of targets), with its timeouts, retry
 * policy and its own connection pool.
 */
public final class Service {

    private final ServiceSettings settings;
    private final Upstream upstream;
    private final RetryPlanner retries;
    /**
     * The pool and client, made on the first request rather than at compile time: a config of 50,000 services
     * would otherwise build 50,000 pools (most never used) on every full compile.
     */
    private volatile Connections connections;
    /** {@link #client} bound to each target's address, made once per target instead of per request. */
    private final ConcurrentHashMap<Target, HttpClient> byTarget = new ConcurrentHashMap<>();

    private record Connections(ConnectionProvider pool, HttpClient client) {
    }

    public Service(ServiceSettings settings, Upstream upstream, RetryPlanner retries) {
        this.settings = settings;
        this.upstream = upstream;
        this.retries = retries;
    }

    private Connections connections() {
        Connections made = connections;
        if (made == null) {
            synchronized (this) {
                made = connections;
                if (made == null) {
                    made = connect(settings);
                    connections = made;
                }
            }
        }
        return made;
    }

    private static Connections connect(ServiceSettings settings) {
        ConnectionProvider pool = ConnectionProvider.builder("gatehouse-" + settings.id())
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(settings.maxPendingAcquires())
                .pendingAcquireTimeout(settings.connectTimeout().plusSeconds(5))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        long writeMillis = settings.writeTimeout().toMillis();
        HttpClient base = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, settings.connectTimeout().toMillis()))
                .responseTimeout(settings.readTimeout())
                .disableRetry(true)
                .followRedirect(false)
                .doOnConnected(connection -> connection.addHandlerLast(
                        new WriteTimeoutHandler(Math.max(1, writeMillis), TimeUnit.MILLISECONDS)));
        return new Connections(pool, "https".equals(settings.protocol()) ? base.secure() : base);
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

    public HttpClient client() {
        return connections().client();
    }

    /**
     * The client bound to one target: requests through it take a relative URI (path and query), so Reactor Netty
     * neither parses an absolute URL nor builds an address per request. An IP literal becomes a resolved address
     * (no resolver involved, as with a URL); a host name stays unresolved, for the client's resolver to look up
     * when the pool opens a connection.
     */
    public HttpClient client(Target target) {
        HttpClient bound = byTarget.get(target);
        if (bound == null) {
            InetSocketAddress address = address(target);
            HttpClient client = client();
            bound = byTarget.computeIfAbsent(target, t -> client.remoteAddress(() -> address));
        }
        return bound;
    }

    static InetSocketAddress address(Target target) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(target.host());
        if (ip == null) {
            return InetSocketAddress.createUnresolved(target.host(), target.port());
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(target.host(), ip), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP address: " + target.host(), e);
        }
    }

    /** Closes the pool's connections once in-flight requests had {@code grace} to finish. */
    public Mono<Void> close(Duration grace) {
        return Mono.defer(() -> {
            Connections made = connections;
            return made == null ? Mono.<Void>empty() : made.pool().disposeLater();
        }).delaySubscription(grace);
    }
}
