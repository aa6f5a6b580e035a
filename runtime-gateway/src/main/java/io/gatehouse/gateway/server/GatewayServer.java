package io.gatehouse.gateway.server;

import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.SslProvider;

/**
 * The proxy listener: Reactor Netty serving HTTP/1.1 and h2c (cleartext HTTP/2, by upgrade or prior
 * knowledge) with the gateway's limits.
 */
public final class GatewayServer implements AutoCloseable {

    /** Room for the method and protocol version around the request target on the request line. */
    private static final int REQUEST_LINE_OVERHEAD = 32;
    private static final String NO_CERTIFICATE = "no TLS certificate is configured";

    private final DisposableServer server;
    private final InFlight inFlight;
    private final Duration drainTimeout;

    private GatewayServer(DisposableServer server, InFlight inFlight, Duration drainTimeout) {
        this.server = server;
        this.inFlight = inFlight;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Binds and starts serving.
     *
     * @param host    address to bind (e.g. {@code 0.0.0.0}, {@code 127.0.0.1})
     * @param port    port, 0 for an ephemeral one
     * @param limits  request limits
     * @param handler the request handler (the proxy)
     */
    public static GatewayServer start(String host, int port, ServerLimits limits,
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        HttpServer server = limited(host, port, limits)
                .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
                .doOnChannelInit((observer, channel, address) -> {
                    ChannelPipeline pipeline = channel.pipeline();
                    installDecodeFailureHandler(pipeline);
                    installIdleConnections(pipeline, limits.idleTimeout());
                });
        return bind(server, limits, handler);
    }

    /**
     * Binds a TLS listener: HTTP/2 (ALPN {@code h2}) and HTTP/1.1, the certificate chosen per connection by
     * SNI from {@code certificates}, read at each handshake (so certificates added, replaced or removed by a
     * config reload or sync apply to new connections without a restart). While there is no certificate at all,
     * handshakes fail and the connection is closed; the listener serves as soon as a config brings one.
     */
    public static GatewayServer startTls(String host, int port, ServerLimits limits,
            java.util.function.Supplier<Certificates> certificates,
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        HttpServer server = limited(host, port, limits)
                .protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
                .idleTimeout(limits.idleTimeout())
                .doOnChannelInit((observer, channel, address) -> installDecodeFailureHandler(channel.pipeline()))
                .secure(spec -> spec.sslContext(Certificates.keyless())
                        .setSniAsyncMappings((serverName, promise) -> {
                            SslProvider provider = certificates.get().forName(serverName);
                            return provider != null ? promise.setSuccess(provider)
                                    : promise.setFailure(new SSLHandshakeException(NO_CERTIFICATE));
                        }));
        return bind(server, limits, handler);
    }

    /**
     * A server with the request limits and the request timeout every listener enforces (431, 414, 408). The
     * request timeout bounds the whole request, headers to the end of the body, so Reactor Netty's read timeout
     * (the longest gap between two reads of a request, with the same value) could never fire first and is not set:
     * it added and removed a pipeline handler on every request. The idle timeout is the listener's own (see
     * {@link #start} and {@link #startTls}).
     */
    private static HttpServer limited(String host, int port, ServerLimits limits) {
        return HttpServer.create()
                .host(host)
                .port(port)
                .httpRequestDecoder(spec -> spec
                        .maxInitialLineLength(limits.maxUriLength() + REQUEST_LINE_OVERHEAD)
                        .maxHeaderSize(limits.maxHeaderBytes())
                        .validateHeaders(true))
                .requestTimeout(limits.requestReadTimeout());
    }

    private static GatewayServer bind(HttpServer server, ServerLimits limits,
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        InFlight inFlight = new InFlight();
        DisposableServer bound = server.handle(inFlight.track(handler)).bindNow();
        return new GatewayServer(bound, inFlight, limits.drainTimeout());
    }

    /**
     * The cleartext listener's idle timeout: one timer per connection ({@link IdleConnections}) instead of Reactor
     * Netty's, which adds a handler to the pipeline after every response and removes it at the next request.
     */
    private static void installIdleConnections(ChannelPipeline pipeline, Duration idleTimeout) {
        if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
            pipeline.addBefore(NettyPipeline.HttpTrafficHandler, IdleConnections.NAME, new IdleConnections(idleTimeout));
        }
    }

    private static void installDecodeFailureHandler(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
            pipeline.addBefore(NettyPipeline.HttpTrafficHandler, DecodeFailureHandler.NAME, new DecodeFailureHandler());
        } else if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, DecodeFailureHandler.NAME, new DecodeFailureHandler());
        }
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return server.host();
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.count();
    }

    /**
     * Graceful shutdown: stops accepting connections, then waits until in-flight requests finish or the
     * drain timeout passes, then closes everything.
     */
    @Override
    public void close() {
        server.channel().close().syncUninterruptibly();
        inFlight.awaitIdle(drainTimeout);
        server.disposeNow(Duration.ofSeconds(5));
    }
}
