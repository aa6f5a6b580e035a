package io.gatehouse.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.reactivestreams.Publisher;
import io.netty.buffer.ByteBuf;

/**
 * The gateway's own HTTP/1.1 connection pool towards one service's targets, built on plain Netty for the proxy's
 * hot path.
 *
 * <p>Idle keep-alive connections are kept per target <em>and per event loop</em>: a request takes a connection
 * registered on the event loop of the client's own connection, so the request, the upstream exchange and the
 * response relay all run on one thread, without hand-offs or locks. New connections are opened on that same loop.
 * The number of open connections per target is bounded ({@link Settings#maxConnections()}); past it, requests wait
 * (at most {@link Settings#maxPending()} of them, each at most {@link Settings#pendingTimeout()}) for a connection
 * to come back or close. Idle connections close after {@link Settings#idleTimeout()}, and a connection the
 * upstream closes while idle leaves the pool at once.
 *
 * <p>Only HTTP/1.1 (cleartext or TLS) goes through here; WebSocket upgrades still use Reactor Netty's client.
 */
public final class ConnectionPool {

    /**
     * The pool's limits and timeouts.
     *
     * @param connectTimeout TCP connect (and TLS handshake) timeout
     * @param readTimeout    longest silence from the upstream while the gateway waits for its response
     * @param writeTimeout   longest the upstream may keep the gateway from writing the request
     * @param maxConnections open connections per target
     * @param maxPending     requests that may wait for a connection, per target
     * @param pendingTimeout longest a request waits for a connection
     * @param idleTimeout    idle connections close after this
     * @param tls            TLS towards the upstream ({@code https} services)
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, int maxConnections,
            int maxPending, Duration pendingTimeout, Duration idleTimeout, boolean tls) {
    }

    /** More requests wait for a connection to a target than the pool allows. */
    public static final class PendingLimitException extends RuntimeException {
        PendingLimitException(String address) {
            super("too many requests waiting for a connection to " + address, null, false, false);
        }
    }

    /** A request waited for a connection longer than the pool allows. */
    public static final class PendingTimeoutException extends TimeoutException {
        PendingTimeoutException(String address) {
            super("no connection to " + address + " became free in time");
        }
    }

    final Settings settings;
    final long readTimeoutNanos;
    final long writeTimeoutNanos;
    final long idleTimeoutNanos;
    private final SslContext ssl;
    private final ConcurrentHashMap<Target, Pool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A pool that verifies TLS upstreams against the JVM's trusted certificate authorities and their host names. */
    public ConnectionPool(Settings settings) {
        this(settings, settings.tls() ? defaultTls() : null);
    }

    /** A pool with its own TLS context (tests trust their self-signed upstream this way); null for cleartext. */
    ConnectionPool(Settings settings, SslContext ssl) {
        this.settings = settings;
        this.readTimeoutNanos = positiveNanos(settings.readTimeout());
        this.writeTimeoutNanos = positiveNanos(settings.writeTimeout());
        this.idleTimeoutNanos = positiveNanos(settings.idleTimeout());
        this.ssl = ssl;
    }

    private static SslContext defaultTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS towards upstreams", e);
        }
    }

    private static long positiveNanos(Duration duration) {
        return duration.isZero() || duration.isNegative() ? Long.MAX_VALUE : duration.toNanos();
    }

    /**
     * Sends one request to {@code target} on a connection of {@code loop} (the client connection's event loop) and
     * reports to {@code handler} on that loop.
     *
     * @param head     the request head; a {@link io.netty.handler.codec.http.FullHttpRequest} carries its body
     * @param body     a body streamed after the head (its buffers are released once written), or null
     * @param deadline {@link System#nanoTime()} by which the response head must have arrived; 0 for none
     * @return the exchange, to cancel it
     */
    public UpstreamExchange send(Target target, EventLoop loop, HttpRequest head, Publisher<ByteBuf> body,
            long deadline, UpstreamExchange.Handler handler) {
        UpstreamExchange exchange = new UpstreamExchange(loop, head, body, deadline, handler);
        Pool pool = pools.get(target);
        if (pool == null) {
            pool = pools.computeIfAbsent(target, Pool::new);
        }
        if (loop.inEventLoop()) {
            pool.acquire(exchange);
        } else {
            Pool p = pool;
            loop.execute(() -> p.acquire(exchange));
        }
        return exchange;
    }

    /** Closes every connection; requests sent afterwards fail. */
    public void close() {
        closed = true;
        pools.values().forEach(Pool::closeAll);
    }

    /** Open connections to {@code target} (idle or busy). */
    public int openConnections(Target target) {
        Pool pool = pools.get(target);
        return pool == null ? 0 : pool.open.get();
    }

    /** The connections and waiting requests of one target. */
    final class Pool {
        final Target target;
        final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger waiting = new AtomicInteger();
        private final ConcurrentLinkedQueue<UpstreamExchange> waiters = new ConcurrentLinkedQueue<>();
        /** Idle connections per event loop; each deque is only touched on its loop. */
        private final ConcurrentHashMap<EventLoop, ArrayDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<UpstreamConnection, Boolean> all = new ConcurrentHashMap<>();
        private volatile InetSocketAddress address;

        Pool(Target target) {
            this.target = target;
            byte[] ip = NetUtil.createByteArrayFromIpAddressString(target.host());
            if (ip != null) {
                try {
                    this.address = new InetSocketAddress(InetAddress.getByAddress(target.host(), ip), target.port());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("not an IP address: " + target.host(), e);
                }
            }
        }

        private ArrayDeque<UpstreamConnection> idleOn(EventLoop loop) {
            ArrayDeque<UpstreamConnection> deque = idle.get(loop);
            return deque != null ? deque : idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        }

        /** On the exchange's loop. */
        void acquire(UpstreamExchange exchange) {
            if (exchange.cancelled()) {
                return;
            }
            if (closed) {
                exchange.fail(new IllegalStateException("the service's connection pool is closed"));
                return;
            }
            ArrayDeque<UpstreamConnection> deque = idleOn(exchange.loop);
            UpstreamConnection connection;
            while ((connection = deque.pollLast()) != null) {
                if (connection.reusable()) {
                    connection.start(exchange);
                    return;
                }
            }
            if (open.incrementAndGet() <= settings.maxConnections()) {
                connect(exchange);
                return;
            }
            open.decrementAndGet();
            if (waiting.incrementAndGet() > settings.maxPending()) {
                waiting.decrementAndGet();
                exchange.fail(new PendingLimitException(target.address()));
                return;
            }
            waiters.add(exchange);
            exchange.waitFor(this, settings.pendingTimeout().toNanos());
            // a connection may have closed between the count and the queueing
            serveWaiter();
        }

        /** A waiting exchange gave up (timeout or cancel). */
        void forget(UpstreamExchange exchange) {
            if (waiters.remove(exchange)) {
                waiting.decrementAndGet();
            }
        }

        /** On the connection's loop: an exchange finished and left the connection ready for another. */
        void release(UpstreamConnection connection) {
            if (closed) {
                connection.channel.close();
                return;
            }
            if (waiting.get() > 0) {
                UpstreamExchange next = pollWaiter();
                if (next != null) {
                    if (next.loop == connection.channel.eventLoop()) {
                        connection.start(next);
                        return;
                    }
                    // the waiter lives on another loop: this connection closes and frees a slot for it there
                    waiters.add(next);
                    waiting.incrementAndGet();
                    connection.channel.close();
                    return;
                }
            }
            idleOn(connection.channel.eventLoop()).addLast(connection);
        }

        private UpstreamExchange pollWaiter() {
            UpstreamExchange next;
            while ((next = waiters.poll()) != null) {
                waiting.decrementAndGet();
                if (next.stopWaiting()) {
                    return next;
                }
            }
            return null;
        }

        /** A connection closed: its slot may go to a waiting exchange. */
        void closed(UpstreamConnection connection) {
            all.remove(connection);
            EventLoop loop = connection.channel.eventLoop();
            ArrayDeque<UpstreamConnection> deque = idle.get(loop);
            if (deque != null) {
                deque.remove(connection);
            }
            open.decrementAndGet();
            serveWaiter();
        }

        private void serveWaiter() {
            while (waiting.get() > 0) {
                if (open.incrementAndGet() > settings.maxConnections()) {
                    open.decrementAndGet();
                    return;
                }
                UpstreamExchange next = pollWaiter();
                if (next == null) {
                    open.decrementAndGet();
                    return;
                }
                if (next.loop.inEventLoop()) {
                    connect(next);
                } else {
                    next.loop.execute(() -> connect(next));
                }
            }
        }

        /** Opens a connection for {@code exchange} on its loop; a slot in {@link #open} is already taken. */
        private void connect(UpstreamExchange exchange) {
            InetSocketAddress resolved = address;
            if (resolved != null) {
                connectTo(resolved, exchange);
                return;
            }
            // a host name: resolved off the event loop (the JVM caches answers), then connected on it
            CompletableFuture.supplyAsync(() -> new InetSocketAddress(target.host(), target.port()))
                    .whenComplete((found, error) -> exchange.loop.execute(() -> {
                        if (error != null || found.isUnresolved()) {
                            open.decrementAndGet();
                            exchange.fail(error != null ? error : new UnknownHostException(target.host()));
                            serveWaiter();
                        } else {
                            connectTo(found, exchange);
                        }
                    }));
        }

        private void connectTo(InetSocketAddress to, UpstreamExchange exchange) {
            long connectMillis = Math.max(1, settings.connectTimeout().toMillis());
            long remaining = exchange.deadline == 0 ? Long.MAX_VALUE
                    : TimeUnit.NANOSECONDS.toMillis(exchange.deadline - System.nanoTime());
            boolean perTryFirst = remaining < connectMillis;
            UpstreamConnection connection = new UpstreamConnection(ConnectionPool.this, this);
            Bootstrap bootstrap = new Bootstrap()
                    .group(exchange.loop)
                    .channel(channelType(exchange.loop))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(connectMillis, remaining)))
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            if (ssl != null) {
                                channel.pipeline().addLast(sslHandler(channel));
                            }
                            channel.pipeline().addLast(new HttpClientCodec(), connection);
                        }
                    });
            ChannelFuture connected = bootstrap.connect(to);
            connection.attach(connected.channel());
            all.put(connection, Boolean.TRUE);
            connected.addListener(done -> {
                if (!done.isSuccess()) {
                    Throwable cause = done.cause();
                    if (perTryFirst && cause instanceof io.netty.channel.ConnectTimeoutException) {
                        cause = new TimeoutException("per-try timeout while connecting to " + target.address());
                    }
                    exchange.fail(cause);
                    return;
                }
                SslHandler tls = connected.channel().pipeline().get(SslHandler.class);
                if (tls == null) {
                    connection.connected(exchange);
                } else {
                    connected.channel().read(); // auto-read is off: the handshake needs the server's answer read
                    tls.handshakeFuture().addListener(handshake -> {
                        if (handshake.isSuccess()) {
                            connection.connected(exchange);
                        } else {
                            exchange.fail(handshake.cause());
                            connected.channel().close();
                        }
                    });
                }
            });
        }

        private SslHandler sslHandler(Channel channel) {
            SslHandler handler = ssl.newHandler(channel.alloc(), target.host(), target.port());
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            handler.setHandshakeTimeoutMillis(Math.max(1, settings.connectTimeout().toMillis()));
            return handler;
        }

        void closeAll() {
            all.keySet().forEach(connection -> connection.channel.close());
            UpstreamExchange next;
            while ((next = pollWaiter()) != null) {
                UpstreamExchange failed = next;
                failed.loop.execute(() -> failed.fail(new IllegalStateException("the service's connection pool is closed")));
            }
        }
    }

    /** The socket channel type of the transport {@code loop} runs (epoll when the server uses it, else NIO). */
    private static Class<? extends Channel> channelType(EventLoop loop) {
        return EPOLL_CHANNEL != null && loop instanceof IoEventLoop io && io.isIoType(EPOLL_HANDLER)
                ? EPOLL_CHANNEL : NioSocketChannel.class;
    }

    // The epoll transport is a runtime dependency (Linux only): found by name, so the code compiles everywhere.
    private static final Class<? extends IoHandler> EPOLL_HANDLER = load("io.netty.channel.epoll.EpollIoHandler");
    private static final Class<? extends Channel> EPOLL_CHANNEL = load("io.netty.channel.epoll.EpollSocketChannel");

    @SuppressWarnings("unchecked")
    private static <T> Class<? extends T> load(String name) {
        try {
            return (Class<? extends T>) Class.forName(name, false, ConnectionPool.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
