package io.gatehouse.gateway.plugins;

import io.gatehouse.gateway.router.RouteMatch;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * One request as it passes the plugin chain: what arrived (read-only), the route it matched, the
 * request that will go upstream (replaced immutably), the authenticated consumer, and headers plugins
 * add to the response.
 *
 * <p>Each exchange belongs to one request and is only touched by the reactive chain of that request,
 * which runs its steps one after the other.
 */
public final class Exchange {

    private final String requestId;
    private final String clientIp;
    private final String method;
    private final String host;
    private final String path;
    private final String query;
    private final HttpHeaders requestHeaders;
    private final RouteMatch match;
    private final String serviceId;
    private final long contentLength;
    private final long startedNanos;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();
    private UpstreamRequest upstream;
    private Consumer consumer;
    private String upstreamTarget;
    private long bodyLimit;
    private Plugin[] chosenPlugins;
    private BodySource bodySource;
    private long bodyBufferLimit;
    private boolean bodyConsumed;
    private String upstreamMethod;

    /** Reads the client's whole request body, failing with {@link BodyTooLarge} past {@code limit} bytes (0: none). */
    @FunctionalInterface
    public interface BodySource {
        Mono<byte[]> read(long limit);
    }

    /** The request body is larger than the gateway buffers (or than a size limit allows): answered with 413. */
    public static final class BodyTooLarge extends RuntimeException {
        public BodyTooLarge() {
            super("request body exceeds the buffering limit", null, false, false);
        }
    }
    private long upstreamStartedNanos = -1;
    private long upstreamLatencyNanos = -1;
    private long responseBytes;

    public Exchange(String requestId, String clientIp, String method, String host, String path, String query,
            HttpHeaders requestHeaders, RouteMatch match, String serviceId, long contentLength, long startedNanos,
            UpstreamRequest upstream) {
        this.requestId = requestId;
        this.clientIp = clientIp;
        this.method = method;
        this.host = host;
        this.path = path;
        this.query = query;
        this.requestHeaders = requestHeaders;
        this.match = match;
        this.serviceId = serviceId;
        this.contentLength = contentLength;
        this.startedNanos = startedNanos;
        this.upstream = upstream;
    }

    public String requestId() {
        return requestId;
    }

    public String clientIp() {
        return clientIp;
    }

    public String method() {
        return method;
    }

    public String host() {
        return host;
    }

    /** The path the client sent (no query). */
    public String path() {
        return path;
    }

    /** The raw query string the client sent (no '?'), possibly empty. */
    public String query() {
        return query;
    }

    /** The client's request headers, read-only. */
    public HttpHeaders requestHeaders() {
        return requestHeaders;
    }

    public RouteMatch match() {
        return match;
    }

    public String routeId() {
        return match.route().id();
    }

    public String serviceId() {
        return serviceId;
    }

    /** Declared body length, or -1 when unknown (chunked or none declared). */
    public long contentLength() {
        return contentLength;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public UpstreamRequest upstream() {
        return upstream;
    }

    public void upstream(UnaryOperator<UpstreamRequest> change) {
        this.upstream = change.apply(upstream);
    }

    public Consumer consumer() {
        return consumer;
    }

    public void authenticate(Consumer authenticated) {
        this.consumer = authenticated;
    }

    /** Headers plugins add to the response, whoever answers it. */
    public HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Largest request body a plugin allows (0: no plugin limit); enforced while the body streams. */
    public long bodyLimit() {
        return bodyLimit;
    }

    public void limitBody(long bytes) {
        this.bodyLimit = bodyLimit == 0 ? bytes : Math.min(bodyLimit, bytes);
    }

    /** Where {@link #body()} reads from, and the most it buffers (0: no limit of the gateway's own). */
    public void bodySource(BodySource source, long bufferLimit) {
        this.bodySource = source;
        this.bodyBufferLimit = bufferLimit;
    }

    /**
     * The request body as it will go upstream, buffered in memory: the client's body read whole (within the
     * gateway's buffering limit and any size limit a plugin set; past it the request is answered 413), or the
     * replacement an earlier plugin set. For plugins that need the body (key-auth {@code key_in_body},
     * request-transformer); once read, the buffered bytes are what the upstream receives.
     */
    public Mono<byte[]> body() {
        if (upstream.body() != null) {
            return Mono.just(upstream.body());
        }
        if (bodySource == null || bodyConsumed) {
            return Mono.just(new byte[0]);
        }
        long limit = bodyBufferLimit <= 0 ? bodyLimit : bodyLimit <= 0 ? bodyBufferLimit : Math.min(bodyLimit, bodyBufferLimit);
        return bodySource.read(limit).map(bytes -> {
            bodyConsumed = true;
            if (bytes.length > 0) {
                upstream = upstream.withBody(bytes);
            }
            return bytes;
        });
    }

    /** True once {@link #body()} has read the client's body: it must not be streamed again. */
    public boolean bodyConsumed() {
        return bodyConsumed;
    }

    /** The method sent upstream: the client's unless a plugin changed it. */
    public String upstreamMethod() {
        return upstreamMethod != null ? upstreamMethod : method;
    }

    public void upstreamMethod(String newMethod) {
        this.upstreamMethod = newMethod;
    }

    /** The plugin instances the chain chose for this request, by slot (filled as the chain goes). */
    Plugin[] chosenPlugins(int slots) {
        if (chosenPlugins == null) {
            chosenPlugins = new Plugin[slots];
        }
        return chosenPlugins;
    }

    /** The {@code host:port} of the last target tried, or null before proxying. */
    public String upstreamTarget() {
        return upstreamTarget;
    }

    public void upstreamTarget(String target) {
        this.upstreamTarget = target;
    }

    /** The first attempt to reach the upstream starts now (for upstream latency). */
    public void upstreamStarted(long nanos) {
        if (upstreamStartedNanos < 0) {
            upstreamStartedNanos = nanos;
        }
    }

    /** The response head that goes to the client arrived from the upstream. */
    public void upstreamAnswered(long nanos) {
        if (upstreamStartedNanos >= 0) {
            upstreamLatencyNanos = nanos - upstreamStartedNanos;
        }
    }

    /** From the first upstream attempt to the head of the response the client gets; -1 when no upstream answered. */
    public long upstreamLatencyNanos() {
        return upstreamLatencyNanos;
    }

    /** Counts response body bytes streamed to the client. */
    public void addResponseBytes(long bytes) {
        responseBytes += bytes;
    }

    /** Response body bytes streamed from the upstream to the client. */
    public long responseBytes() {
        return responseBytes;
    }
}
