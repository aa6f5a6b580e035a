package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.PluginChain;
import io.gatehouse.gateway.retry.FailureKind;
import io.gatehouse.gateway.retry.RetryPlanner;
import io.gatehouse.gateway.retry.RetryTimer;
import io.gatehouse.gateway.runtime.Service;
import io.gatehouse.gateway.server.ErrorResponses;
import io.gatehouse.gateway.server.GatewayError;
import io.gatehouse.gateway.upstream.BalanceKey;
import io.gatehouse.gateway.upstream.HealthPolicy;
import io.gatehouse.gateway.upstream.Target;
import io.gatehouse.gateway.upstream.TargetState;
import io.gatehouse.gateway.upstream.UpstreamExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends one request to its service's upstream with MeshRetry semantics, and streams the answer back.
 *
 * <p>Each attempt picks a target (skipping previous ones with OmitPreviousHosts), sends the request and
 * waits for the response head, bounded by the per-try timeout. When the head arrives the forwarder
 * decides right there: if the response is retriable and a retry is still possible, its body is drained
 * and the next attempt is scheduled after the back-off; otherwise the response is committed and its body
 * streamed to the client. Failures without a response (connect failure, reset, timeout) are retried the
 * same way when the policy lists them and the request body can still be sent again.
 */
final class Forwarder {

    private static final String ANY_MEDIA_TYPE = "*/*";
    /** The User-Agent sent when the client sent none (Reactor Netty's, as before the gateway had its own pool). */
    private static final String USER_AGENT = HttpClient.USER_AGENT;
    /** Loops for a call without a client connection of its own (never while serving); made on first use only. */
    private static final class FallbackLoops {
        static final EventLoopGroup LOOPS = HttpResources.get().onClient(true);
    }

    private final RetryTimer timer;
    /** Largest response body buffered for a plugin that rewrites it; larger ones stream through unchanged. */
    private final long maxBufferedBody;

    Forwarder(RetryTimer timer, long maxBufferedBody) {
        this.timer = timer;
        this.maxBufferedBody = maxBufferedBody;
    }

    /** The outcome of one attempt: committed to the client, or a failure that may be retried. */
    private record Outcome(boolean committed, int status, HttpHeaders headers, FailureKind failure,
            Throwable error) {
        static final Outcome COMMITTED = new Outcome(true, 0, null, null, null);
    }

    /** Everything an attempt needs; mutable bookkeeping confined to this request's reactive chain. */
    static final class Call {
        final Exchange exchange;
        final Service service;
        final PluginChain chain;
        final HttpServerResponse response;
        final RequestBody body;
        final HttpMethod method;
        final BalanceKey balanceKey;
        final boolean preserveHost;
        final boolean requestRetriable;
        final List<Target> tried = new ArrayList<>();
        /** The event loop of the client's connection: per-try deadlines run on it, not on a shared scheduler. */
        final EventExecutor loop;
        boolean committed;
        int status;

        Call(Exchange exchange, Service service, PluginChain chain, HttpServerResponse response, RequestBody body,
                BalanceKey balanceKey, boolean preserveHost) {
            this.exchange = exchange;
            this.service = service;
            this.chain = chain;
            this.response = response;
            this.body = body;
            this.method = HttpMethod.valueOf(exchange.upstreamMethod());
            this.balanceKey = balanceKey;
            this.preserveHost = preserveHost;
            this.requestRetriable = service.retries()
                    .requestRetriable(exchange.method(), name -> exchange.requestHeaders().get(name));
            EventExecutor[] found = {null};
            response.withConnection(connection -> found[0] = connection.channel().eventLoop());
            this.loop = found[0];
        }

        /**
         * Signals once {@code timeout} passed. Scheduled on the connection's event loop when there is one: scheduling
         * and cancelling there (every attempt that gets its answer in time cancels) takes no lock, unlike Reactor's
         * shared parallel scheduler.
         */
        Mono<Long> deadline(Duration timeout) {
            if (loop == null) {
                return Mono.delay(timeout);
            }
            return Mono.create(sink -> {
                ScheduledFuture<?> due = loop.schedule(() -> sink.success(0L), timeout.toNanos(), TimeUnit.NANOSECONDS);
                sink.onCancel(() -> due.cancel(false));
            });
        }
    }

    Mono<Void> forward(Call call) {
        call.exchange.upstreamStarted(System.nanoTime());
        return attempt(call, 0);
    }

    private Mono<Void> attempt(Call call, int attempt) {
        Service service = call.service;
        RetryPlanner planner = service.retries();
        TargetState target = service.upstream().pick(call.balanceKey,
                planner.rules().omitPreviousHosts() ? call.tried : Set.of());
        if (target == null) {
            return fail(call, GatewayError.NO_HEALTHY_UPSTREAM);
        }
        call.tried.add(target.target());
        call.exchange.upstreamTarget(target.target().address());
        Duration perTry = planner.rules().perTryTimeout();
        long deadline = perTry.isZero() ? 0 : System.nanoTime() + perTry.toNanos();
        return Mono.<Outcome>create(sink -> new Attempt(call, attempt, target, sink).send(deadline))
                .onErrorResume(error -> call.committed ? Mono.error(error)
                        : Mono.just(new Outcome(false, 0, null, classify(error), error)))
                .doFinally(signal -> service.upstream().release(target))
                .flatMap(outcome -> outcome.committed() ? Mono.<Void>empty() : afterFailure(call, attempt, target, outcome));
    }

    /**
     * One attempt through the service's {@link ConnectionPool}: its outcome is known when the response head arrives
     * (retriable: its body is discarded) or, once committed, when the body has been relayed to the client.
     */
    private final class Attempt implements UpstreamExchange.Handler {
        private final Call call;
        private final int attempt;
        private final TargetState target;
        private final MonoSink<Outcome> sink;
        private UpstreamExchange exchange;
        private Disposable relay;
        /** A whole body handed to the relay and not yet taken by it. */
        private ByteBuf unsent;
        private boolean over;

        Attempt(Call call, int attempt, TargetState target, MonoSink<Outcome> sink) {
            this.call = call;
            this.attempt = attempt;
            this.target = target;
            this.sink = sink;
        }

        void send(long deadline) {
            HttpRequest head = upstreamRequest(call, target.target());
            Publisher<ByteBuf> streamed = head instanceof FullHttpRequest ? null : call.body.publisher();
            EventLoop loop = call.loop instanceof EventLoop l ? l : FallbackLoops.LOOPS.next();
            sink.onCancel(this::cancel);
            exchange = call.service.connections().send(target.target(), loop, head, streamed, deadline, this);
        }

        private void cancel() {
            over = true;
            if (relay != null) {
                relay.dispose();
            }
            if (exchange != null) {
                exchange.cancel();
            }
        }

        @Override
        public void onFailure(Throwable error) {
            over = true;
            sink.error(error);
        }

        @Override
        public void onResponse(HttpResponse head, UpstreamExchange body) {
            try {
                respond(head, body);
            } catch (RuntimeException e) {
                body.cancel();
                if (!over) {
                    over = true;
                    sink.error(e);
                }
            }
        }

        private void respond(HttpResponse head, UpstreamExchange body) {
            int status = head.status().code();
            HttpHeaders upstreamHeaders = head.headers();
            if (call.service.upstream().health().failureStatuses().contains(status)) {
                target.recordFailure(HealthPolicy.Failure.HTTP);
            } else {
                target.recordSuccess();
            }
            RetryPlanner planner = call.service.retries();
            if (canRetry(call, attempt) && planner.responseRetriable(status, upstreamHeaders::get)) {
                body.discard();
                over = true;
                sink.success(new Outcome(false, status, upstreamHeaders, null, null));
                return;
            }
            call.committed = true;
            call.status = status;
            call.exchange.upstreamAnswered(System.nanoTime());
            // Written straight into the response's headers: nothing has been sent on this response yet.
            HttpHeaders toClient = ProxyHeaders.toClient(upstreamHeaders, call.response.responseHeaders());
            toClient.add(call.exchange.responseHeaders());
            toClient.set(ErrorResponses.REQUEST_ID_HEADER, call.exchange.requestId());
            call.chain.onResponse(call.exchange, status, toClient);
            UnaryOperator<byte[]> rewrite = call.chain.responseBody(call.exchange, status, toClient);
            call.response.status(HttpResponseStatus.valueOf(status));
            if (rewrite != null) {
                relay(ResponseBodies.rewrite(call.response.alloc(), body, toClient, maxBufferedBody, rewrite), body);
            } else if (status == 204 || status == 304 || HttpMethod.HEAD.equals(call.method)) {
                relay(body, body);
            } else {
                body.onBodyStart(new UpstreamExchange.BodyStart() {
                    @Override
                    public void whole(ByteBuf content) {
                        if (content.isReadable()) {
                            unsent = content;
                            relay(Mono.just(content), body);
                        } else {
                            content.release();
                            relay(Mono.empty(), body);
                        }
                    }

                    @Override
                    public void streams() {
                        relay(body, body);
                    }
                });
            }
        }

        /**
         * Relays the response body to the client. A body that came whole with the head goes as a {@link Mono}, which
         * Reactor Netty writes as one full response (head and body in one message); a streamed one chunk by chunk.
         */
        private void relay(Publisher<ByteBuf> content, UpstreamExchange body) {
            Publisher<ByteBuf> counted = content instanceof Mono<ByteBuf> one
                    ? one.doOnNext(chunk -> {
                        unsent = null;
                        call.exchange.addResponseBytes(chunk.readableBytes());
                    })
                    : Flux.from(content).doOnNext(chunk -> call.exchange.addResponseBytes(chunk.readableBytes()));
            relay = call.response.send(counted)
                    .then()
                    .subscribe(null, error -> {
                        over = true;
                        // the relay may have failed before taking the body (client gone): its buffers go now
                        body.cancel();
                        if (unsent != null) {
                            unsent.release();
                            unsent = null;
                        }
                        sink.error(error);
                    }, () -> {
                        over = true;
                        sink.success(Outcome.COMMITTED);
                    });
        }
    }

    /**
     * The request head for one attempt. A request without a body, or with one held in memory, is one message (a
     * full request); a streamed body follows the head.
     */
    private static HttpRequest upstreamRequest(Call call, Target target) {
        HttpHeaders headers = call.exchange.upstream().headers();
        String host = call.preserveHost && call.exchange.host() != null ? call.exchange.host() : hostHeader(target);
        String uri = requestTarget(call.exchange.upstream().pathAndQuery());
        byte[] replacement = call.exchange.upstream().body();
        byte[] bytes = replacement != null ? replacement : call.body.bytes();
        upstreamHeaders(headers, call.method, host, replacement, bytes == null && !call.body.empty());
        if (bytes != null || call.body.empty()) {
            return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, call.method, uri,
                    bytes == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes), headers, EmptyHttpHeaders.INSTANCE);
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, call.method, uri, headers);
    }

    private boolean canRetry(Call call, int attempt) {
        return call.requestRetriable && attempt < call.service.retries().rules().numRetries()
                && call.body.replayable();
    }

    private Mono<Void> afterFailure(Call call, int attempt, TargetState target, Outcome outcome) {
        RetryPlanner planner = call.service.retries();
        boolean response = outcome.failure() == null;
        if (!response) {
            if (outcome.error() instanceof RequestBody.TooLarge) {
                return fail(call, GatewayError.PAYLOAD_TOO_LARGE);
            }
            RequestBody.ClientFailed client = RequestBody.ClientFailed.in(outcome.error());
            if (client != null) {
                return fail(call, client.timedOut() ? GatewayError.REQUEST_TIMEOUT : GatewayError.BAD_REQUEST);
            }
            target.recordFailure(outcome.failure() == FailureKind.TIMEOUT ? HealthPolicy.Failure.TIMEOUT
                    : HealthPolicy.Failure.TCP);
            if (!canRetry(call, attempt) || !planner.failureRetriable(outcome.failure())) {
                return fail(call, errorFor(outcome.failure()));
            }
        }
        Duration delay = planner.delayBefore(attempt + 1, response ? outcome.headers()::get : null);
        return timer.sleep(delay).then(Mono.defer(() -> attempt(call, attempt + 1)));
    }

    private Mono<Void> fail(Call call, GatewayError error) {
        call.committed = true;
        call.status = error.status();
        HttpHeaders extra = call.exchange.responseHeaders().copy();
        call.chain.onResponse(call.exchange, error.status(), extra);
        return ErrorResponses.send(call.response, error, call.exchange.requestId(), extra);
    }

    static GatewayError errorFor(FailureKind failure) {
        return failure == FailureKind.TIMEOUT ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.BAD_GATEWAY;
    }

    static FailureKind classify(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
                    || cause instanceof WriteTimeoutException) {
                return FailureKind.TIMEOUT;
            }
            if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException
                    || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException) {
                return FailureKind.CONNECT_FAILURE;
            }
            if (cause instanceof Http2Exception.StreamException stream && stream.error() == Http2Error.REFUSED_STREAM) {
                return FailureKind.REFUSED_STREAM;
            }
            if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException
                    || cause instanceof UpstreamExchange.ClosedException) {
                return FailureKind.RESET;
            }
        }
        return FailureKind.RESET;
    }

    /**
     * Completes the request's headers for the upstream, with the defaults an HTTP client adds: a User-Agent and
     * {@code Accept: *}{@code /*} when the client sent none, and chunked framing for a body of unknown length (and,
     * as Reactor Netty did, for a method that usually has a body but came without Content-Length). The headers are
     * the exchange's own upstream headers, completed in place: every attempt sets the same values again.
     */
    static void upstreamHeaders(HttpHeaders out, HttpMethod method, String host, byte[] replacement, boolean streamed) {
        out.set(HttpHeaderNames.HOST, host);
        if (replacement != null) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, replacement.length);
            out.remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        if (!out.contains(HttpHeaderNames.USER_AGENT)) {
            out.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        }
        if (!out.contains(HttpHeaderNames.ACCEPT)) {
            out.set(HttpHeaderNames.ACCEPT, ANY_MEDIA_TYPE);
        }
        boolean framed = out.contains(HttpHeaderNames.CONTENT_LENGTH)
                || out.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
        if (!framed && (streamed || !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)
                && !HttpMethod.DELETE.equals(method))) {
            out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    /**
     * The origin-form target sent upstream, as Reactor Netty made it from an absolute URL: without a fragment, and
     * with a leading '/'.
     */
    static String requestTarget(String pathAndQuery) {
        int fragment = pathAndQuery.indexOf('#');
        String target = fragment >= 0 ? pathAndQuery.substring(0, fragment) : pathAndQuery;
        return target.startsWith("/") ? target : "/" + target;
    }

    private static String hostHeader(Target target) {
        return target.port() == 80 || target.port() == 443 ? target.host() : target.address();
    }
}
