package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.analytics.TrafficRecorder;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.plugins.UpstreamRequest;
import io.gatehouse.gateway.plugins.Verdict;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.router.RequestFacts;
import io.gatehouse.gateway.router.RouteMatch;
import io.gatehouse.gateway.runtime.ConfigHolder;
import io.gatehouse.gateway.runtime.GatewaySnapshot;
import io.gatehouse.gateway.runtime.Service;
import io.gatehouse.gateway.server.ErrorResponses;
import io.gatehouse.gateway.server.GatewayError;
import io.gatehouse.gateway.server.RequestIds;
import io.gatehouse.gateway.server.ServerLimits;
import io.gatehouse.gateway.status.GatewayMetrics;
import io.gatehouse.gateway.upstream.BalanceKey;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The request path of the proxy listener: limits → route → plugin chain → upstream (with retries) →
 * response. Reads the configuration snapshot once per request, so a swap never mixes two tables.
 */
public final class ProxyHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
    /** HTTP/2 has no framing header for "no body"; these methods are sent without one. */
    private static final java.util.Set<String> BODYLESS_ON_H2 = java.util.Set.of("GET", "HEAD", "OPTIONS", "DELETE",
            "TRACE");

    private final ConfigHolder config;
    private final ServerLimits limits;
    private final GatewayMetrics metrics;
    private final Forwarder forwarder;
    private final TrafficRecorder traffic;

    public ProxyHandler(ConfigHolder config, ServerLimits limits, GatewayMetrics metrics, RetryTimer timer) {
        this(config, limits, metrics, timer, null);
    }

    /** A proxy that also records every completed request for traffic analytics ({@code null}: none). */
    public ProxyHandler(ConfigHolder config, ServerLimits limits, GatewayMetrics metrics, RetryTimer timer,
            TrafficRecorder traffic) {
        this.traffic = traffic;
        this.config = config;
        this.limits = limits;
        this.metrics = metrics;
        this.forwarder = new Forwarder(timer, limits.maxBufferedBodyBytes());
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        Outcome outcome = new Outcome(response, RequestIds.next(), System.nanoTime());
        metrics.requestStarted();
        Mono<Void> handled;
        try {
            handled = handle(request, response, outcome);
        } catch (RuntimeException error) {
            handled = Mono.error(error);
        }
        return handled.onErrorResume(outcome).doFinally(outcome);
    }

    /**
     * What one request came to, filled in as it is handled: the route and service it was counted under, its exchange
     * and chain. It is also the request's error handler and its completion step (one object per request instead of a
     * lambda and a holder for each).
     */
    private final class Outcome implements Function<Throwable, Mono<Void>>, Consumer<SignalType> {

        final HttpServerResponse response;
        final String requestId;
        final long started;
        String route = "";
        String service = "";
        Exchange exchange;
        PluginChain chain = PluginChain.empty();

        Outcome(HttpServerResponse response, String requestId, long started) {
            this.response = response;
            this.requestId = requestId;
            this.started = started;
        }

        /** A failure inside the gateway, answered while the response has not started. */
        @Override
        public Mono<Void> apply(Throwable error) {
            if (response.hasSentHeaders()) {
                return Mono.error(error);
            }
            if (error instanceof AbortedException) {
                // The client closed its connection before the answer: nobody is left to answer, and it is not a fault.
                log.debug("request {}: the client closed the connection first", requestId);
                return Mono.empty();
            }
            if (error instanceof Exchange.BodyTooLarge) {
                return ErrorResponses.send(response, GatewayError.PAYLOAD_TOO_LARGE, requestId, null);
            }
            if (RequestBody.ClientFailed.timeout(error)) {
                return ErrorResponses.send(response, GatewayError.REQUEST_TIMEOUT, requestId, null);
            }
            log.warn("request {} failed inside the gateway", requestId, error);
            return ErrorResponses.send(response, GatewayError.INTERNAL, requestId, null);
        }

        /** The request is over: metrics, the plugins' log phase, traffic analytics. */
        @Override
        public void accept(SignalType signal) {
            metrics.requestEnded();
            long latency = System.nanoTime() - started;
            int status = response.status() == null ? 0 : response.status().code();
            metrics.requestCompleted(route, service, status, latency);
            if (exchange != null) {
                chain.log(exchange, status, latency);
            }
            if (traffic != null) {
                recordTraffic(this, status, latency);
            }
        }
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, Outcome outcome) {
        String requestId = outcome.requestId;
        String uri = request.uri();
        if (uri.length() > limits.maxUriLength()) {
            return ErrorResponses.send(response, GatewayError.URI_TOO_LONG, requestId, null);
        }
        HttpHeaders headers = request.requestHeaders();
        if (headerBytes(headers) > limits.maxHeaderBytes()) {
            return ErrorResponses.send(response, GatewayError.HEADERS_TOO_LARGE, requestId, null);
        }
        String target = originForm(uri);
        if (target == null) {
            return ErrorResponses.send(response, GatewayError.BAD_REQUEST, requestId, null);
        }
        int q = target.indexOf('?');
        String path = PathNormalizer.normalize(q >= 0 ? target.substring(0, q) : target);
        String query = q >= 0 ? target.substring(q + 1) : "";
        if (path == null) {
            return ErrorResponses.send(response, GatewayError.BAD_REQUEST, requestId, null);
        }
        long contentLength = contentLength(headers);
        if (limits.maxBodyBytes() > 0 && contentLength > limits.maxBodyBytes()) {
            return ErrorResponses.send(response, GatewayError.PAYLOAD_TOO_LARGE, requestId, null);
        }
        String method = request.method().name();
        String host = headers.get(HttpHeaderNames.HOST);
        GatewaySnapshot snapshot = config.current();
        Optional<RouteMatch> found = snapshot.router().match(new RequestFacts(method, host, path, headers::get,
                serverName(request)));
        if (found.isEmpty()) {
            return ErrorResponses.send(response, GatewayError.NO_ROUTE, requestId, null);
        }
        RouteMatch match = found.get();
        Service service = snapshot.services().get(match.route().serviceId());
        if (service == null) {
            return ErrorResponses.send(response, GatewayError.SERVICE_UNAVAILABLE, requestId, null);
        }
        outcome.route = match.route().id();
        outcome.service = service.id();
        String scheme = request.scheme();
        if (!match.route().serves(scheme)) {
            return wrongProtocol(response, match, scheme, host, target, requestId);
        }
        String clientIp = clientIp(request);
        int serverPort = localPort(request);
        HttpHeaders upstreamHeaders = ProxyHeaders.toUpstream(headers, clientIp, scheme, serverPort, path,
                host == null ? "" : host);
        String upstreamPath = joinPath(service.settings().path(), match.forwardedPath(path));
        Exchange exchange = new Exchange(requestId, clientIp, method, host, path, query, headers, match, service.id(),
                contentLength, outcome.started, new UpstreamRequest(upstreamPath, query, upstreamHeaders, null));
        exchange.bodySource(limit -> readBody(request, exchange, limit), bufferLimit());
        outcome.exchange = exchange;
        PluginChain chain = snapshot.chainFor(match.route().id());
        outcome.chain = chain;
        return chain.access(exchange).flatMap(verdict -> {
            if (verdict instanceof Verdict.Reject reject) {
                HttpHeaders extra = exchange.responseHeaders().copy();
                if (reject.headers() != null) {
                    extra.set(reject.headers());
                }
                chain.onResponse(exchange, reject.status(), extra);
                return ErrorResponses.send(response, reject.status(), reject.message(), requestId, extra);
            }
            if (verdict instanceof Verdict.Respond respond) {
                HttpHeaders extra = exchange.responseHeaders().copy();
                if (respond.headers() != null) {
                    extra.set(respond.headers());
                }
                extra.set(ErrorResponses.REQUEST_ID_HEADER, requestId);
                chain.onResponse(exchange, respond.status(), extra);
                return response.status(HttpResponseStatus.valueOf(respond.status())).headers(extra)
                        .header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
            }
            if (WebSocketRelay.isUpgrade(request)) {
                return WebSocketRelay.relay(request, response, exchange, service, new BalanceKey(
                        exchange.consumer() == null ? null : exchange.consumer().id(), clientIp, headers::get, path));
            }
            return body(request, service, exchange).flatMap(body -> forwarder.forward(new Forwarder.Call(exchange,
                    service, chain, response, body,
                    new BalanceKey(exchange.consumer() == null ? null : exchange.consumer().id(), clientIp, headers::get,
                            path),
                    match.route().preserveHost())));
        });
    }

    private void recordTraffic(Outcome outcome, int status, long latency) {
        Exchange exchange = outcome.exchange;
        if (exchange == null) {
            traffic.record(outcome.service, outcome.route, "", status, 0, declaredLength(outcome.response), latency, -1);
            return;
        }
        long bytesOut = exchange.responseBytes() > 0 ? exchange.responseBytes() : declaredLength(outcome.response);
        traffic.record(outcome.service, outcome.route, exchange.consumer() == null ? "" : exchange.consumer().id(),
                status, Math.max(0, exchange.contentLength()), bytesOut, latency, exchange.upstreamLatencyNanos());
    }

    /** The Content-Length the gateway itself answered with (its own error bodies), else 0. */
    private static long declaredLength(HttpServerResponse response) {
        long length = contentLength(response.responseHeaders());
        return Math.max(0, length);
    }

    /**
     * The request body as attempts will send it: none; buffered in memory when a retry could replay it and
     * its declared length fits the policy's limit; otherwise streamed through once.
     */
    private Mono<RequestBody> body(HttpServerRequest request, Service service, Exchange exchange) {
        long length = exchange.contentLength();
        if (exchange.bodyConsumed() || !hasBody(request, exchange)) {
            return Mono.just(RequestBody.none());
        }
        var rules = service.retries().rules();
        boolean retriable = service.retries().requestRetriable(exchange.method(), exchange.requestHeaders()::get);
        if (retriable && length > 0 && length <= rules.maxBufferedBody()) {
            return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).map(RequestBody::buffered);
        }
        long limit = limits.maxBodyBytes() <= 0 ? exchange.bodyLimit()
                : exchange.bodyLimit() <= 0 ? limits.maxBodyBytes() : Math.min(limits.maxBodyBytes(), exchange.bodyLimit());
        return Mono.just(RequestBody.streamed(request.receive(), limit));
    }

    private static boolean hasBody(HttpServerRequest request, Exchange exchange) {
        long length = exchange.contentLength();
        boolean chunked = request.requestHeaders().containsValue(HttpHeaderNames.TRANSFER_ENCODING, "chunked", true);
        if (!chunked && length < 0 && (!isHttp2(request) || BODYLESS_ON_H2.contains(exchange.method()))) {
            return false;
        }
        return length != 0;
    }

    /** The largest body the gateway buffers for plugins: its buffering limit, within the body limit. */
    private long bufferLimit() {
        long buffer = limits.maxBufferedBodyBytes();
        return limits.maxBodyBytes() <= 0 ? buffer : buffer <= 0 ? limits.maxBodyBytes()
                : Math.min(buffer, limits.maxBodyBytes());
    }

    /** The whole request body in memory, for plugins that need it; past {@code limit} bytes: BodyTooLarge. */
    private static Mono<byte[]> readBody(HttpServerRequest request, Exchange exchange, long limit) {
        if (!hasBody(request, exchange)) {
            return Mono.just(new byte[0]);
        }
        if (limit > 0 && exchange.contentLength() > limit) {
            return Mono.error(new Exchange.BodyTooLarge());
        }
        return request.receive().asByteArray()
                .reduceWith(java.io.ByteArrayOutputStream::new, (out, chunk) -> {
                    if (limit > 0 && out.size() + (long) chunk.length > limit) {
                        throw new Exchange.BodyTooLarge();
                    }
                    out.writeBytes(chunk);
                    return out;
                })
                .map(java.io.ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    /**
     * A route that does not serve this scheme (Kong's {@code protocols}): plain HTTP to an HTTPS route gets
     * the route's {@code https_redirect_status_code} — 426 with Kong's message, or a redirect to the same
     * URL over https — and is not proxied; an HTTPS request to an HTTP-only route matches nothing.
     */
    private static Mono<Void> wrongProtocol(HttpServerResponse response, RouteMatch match, String scheme, String host,
            String target, String requestId) {
        if (!"http".equals(scheme) || !match.route().serves("https")) {
            return ErrorResponses.send(response, GatewayError.NO_ROUTE, requestId, null);
        }
        int code = match.route().httpsRedirectStatusCode();
        if (code == GatewayError.HTTPS_REQUIRED.status() || host == null || host.isBlank()) {
            HttpHeaders upgrade = new io.netty.handler.codec.http.DefaultHttpHeaders()
                    .set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "TLS/1.2, HTTP/1.1");
            return ErrorResponses.send(response, GatewayError.HTTPS_REQUIRED, requestId, upgrade);
        }
        return response.status(HttpResponseStatus.valueOf(code))
                .header(HttpHeaderNames.LOCATION, "https://" + hostWithoutPort(host) + target)
                .header(ErrorResponses.REQUEST_ID_HEADER, requestId)
                .header(HttpHeaderNames.CONTENT_LENGTH, "0")
                .send();
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    private static boolean isHttp2(HttpServerRequest request) {
        return "HTTP/2.0".equals(request.protocol());
    }

    /** The origin-form target of the request line, or null when it is not a usable path. */
    static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme > 0 && (uri.startsWith("http://") || uri.startsWith("https://"))) {
            int slash = uri.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return null;
    }

    static String joinPath(String servicePath, String path) {
        if (servicePath == null || servicePath.isEmpty() || "/".equals(servicePath)) {
            return path;
        }
        String base = servicePath.endsWith("/") ? servicePath.substring(0, servicePath.length() - 1) : servicePath;
        return "/".equals(path) ? base : base + path;
    }

    private static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long headerBytes(HttpHeaders headers) {
        long total = 0;
        java.util.Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = entries.next();
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static String clientIp(HttpServerRequest request) {
        InetSocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** The TLS server name the client sent (SNI), or null on cleartext connections. */
    private static String serverName(HttpServerRequest request) {
        if (!"https".equals(request.scheme())) {
            return null;
        }
        String[] name = {null};
        request.withConnection(connection -> {
            io.netty.channel.Channel channel = connection.channel();
            io.netty.handler.ssl.SslHandler ssl = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (ssl == null && channel.parent() != null) {
                ssl = channel.parent().pipeline().get(io.netty.handler.ssl.SslHandler.class);
            }
            if (ssl != null && ssl.engine().getSession() instanceof javax.net.ssl.ExtendedSSLSession session) {
                for (javax.net.ssl.SNIServerName requested : session.getRequestedServerNames()) {
                    if (requested instanceof javax.net.ssl.SNIHostName hostName) {
                        name[0] = hostName.getAsciiName();
                    }
                }
            }
        });
        return name[0];
    }

    private static int localPort(HttpServerRequest request) {
        return request.connectionHostAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
    }
}
